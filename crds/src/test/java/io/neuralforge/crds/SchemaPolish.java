package io.neuralforge.crds;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What crd-generator does not do the way our users read it: printer columns in the order the class
 * declares them (not alphabetical), free-form params that accept any value, and the kind's own
 * description at the schema root.
 */
final class SchemaPolish implements CRDPostProcessor {
  private final JavadocIndex docs;

  SchemaPolish(JavadocIndex docs) {
    this.docs = docs;
  }

  @Override
  public HasMetadata process(HasMetadata resource, String crdSpecVersion) {
    CustomResourceDefinition crd = (CustomResourceDefinition) resource;
    Class<?> type = classOf(crd.getSpec().getNames().getKind());
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      orderColumns(version, type);
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      root.setDescription(docs.ofClass(type.getSimpleName()));
      for (String part : List.of("Spec", "Status")) {
        JSONSchemaProps property =
            root.getProperties().get(part.toLowerCase(java.util.Locale.ROOT));
        if (property != null && property.getDescription() == null) {
          property.setDescription(docs.ofClass(type.getSimpleName() + part));
        }
      }
      freeFormMaps(root);
    }
    return crd;
  }

  private static Class<?> classOf(String kind) {
    return CrdYamlGenerator.RESOURCES.stream()
        .filter(c -> c.getSimpleName().equals(kind))
        .findFirst()
        .orElseThrow();
  }

  private static void orderColumns(CustomResourceDefinitionVersion version, Class<?> type) {
    List<String> declared = new ArrayList<>();
    for (AdditionalPrinterColumn column :
        type.getAnnotationsByType(AdditionalPrinterColumn.class)) {
      declared.add(column.name());
    }
    List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
    if (columns != null) {
      columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
    }
  }

  /** A map that preserves unknown fields must not also constrain each value's type. */
  private static void freeFormMaps(JSONSchemaProps schema) {
    if (schema == null) {
      return;
    }
    if (Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
      schema.setAdditionalProperties(null);
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(SchemaPolish::freeFormMaps);
    }
    if (schema.getItems() != null) {
      freeFormMaps(schema.getItems().getSchema());
    }
  }
}
