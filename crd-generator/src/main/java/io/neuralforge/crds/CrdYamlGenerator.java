package io.neuralforge.crds;

import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Generates the CRD YAML from the CR classes with Fabric8's crd-generator, taking each schema
 * description from the field's (or its type's) Javadoc so that {@code kubectl explain} reads like
 * the source. Runs at build time in the crds module (exec:java, on its classpath). Arguments: the
 * source root of the CR classes, the output directory, and the CR classes' names.
 */
public final class CrdYamlGenerator {
  private CrdYamlGenerator() {}

  public static void main(String[] args) throws IOException, ClassNotFoundException {
    Path sources = Path.of(args[0]);
    Path out = Path.of(args[1]);
    List<Class<? extends HasMetadata>> resources = new ArrayList<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (String name : List.of(args).subList(2, args.length)) {
      resources.add(Class.forName(name, false, loader).asSubclass(HasMetadata.class));
    }
    Files.createDirectories(out);
    JavadocIndex docs = JavadocIndex.read(sources);
    ObjectMapper mapper = new ObjectMapper();
    mapper.setAnnotationIntrospector(
        AnnotationIntrospector.pair(
            new JavadocDescriptions(docs), new JacksonAnnotationIntrospector()));
    new CRDGenerator()
        .withObjectMapper(mapper, new KubernetesSerialization(mapper, false))
        .withPostProcessor(new SchemaPolish(docs, resources))
        .customResourceClasses(resources)
        .forCRDVersions("v1")
        .inOutputDir(out.toFile())
        .generate();
    // crd-generator names files <plural>.<group>-v1.yml; we keep plain <plural>.<group>.yaml.
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.filter(p -> p.toString().endsWith("-v1.yml")).toList()) {
        String name = f.getFileName().toString().replace("-v1.yml", ".yaml");
        Files.move(f, out.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** Supplies property descriptions from Javadoc instead of {@code @JsonPropertyDescription}. */
  private static final class JavadocDescriptions extends JacksonAnnotationIntrospector {
    private static final long serialVersionUID = 1L;
    private final transient JavadocIndex docs;

    JavadocDescriptions(JavadocIndex docs) {
      this.docs = docs;
    }

    @Override
    public String findPropertyDescription(Annotated annotated) {
      if (annotated instanceof AnnotatedMember member) {
        String doc = docs.ofField(member.getDeclaringClass().getSimpleName(), member.getName());
        if (doc != null) {
          return doc;
        }
      }
      return docs.ofClass(annotated.getRawType().getSimpleName());
    }
  }
}
