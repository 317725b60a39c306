package io.neuralforge.crds;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What crd-generator does not do the way our users read it: printer columns in the order the class
 * declares them (not alphabetical), free-form params that accept any value, fields of type Object
 * that accept a number or a list, conditions as a list-map keyed by type (so that server-side apply
 * merges them per type), the kind's own description at the schema root, and bounds: every integer
 * the range of the Java type that reads it, every spec and status string, list and map a maximum
 * size.
 */
final class SchemaPolish implements CRDPostProcessor {
  private final JavadocIndex docs;
  private final List<Class<? extends HasMetadata>> resources;

  SchemaPolish(JavadocIndex docs, List<Class<? extends HasMetadata>> resources) {
    this.docs = docs;
    this.resources = resources;
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
      conditionsByType(root);
      numbersTheCodeCanHold(root, type);
      if (type.getSimpleName().equals("TrainingSweep")) {
        sweepPaths(root.getProperties().get("spec"), type);
      }
      JSONSchemaProps spec = root.getProperties().get("spec");
      bounded(spec, hasRules(root) ? RULED : FREE);
      bounded(root.getProperties().get("status"), STATUS);
    }
    return crd;
  }

  private Class<?> classOf(String kind) {
    return resources.stream().filter(c -> c.getSimpleName().equals(kind)).findFirst().orElseThrow();
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

  /**
   * A map that preserves unknown fields must not also constrain each value's type; a field of type
   * Object (no properties, no additionalProperties) takes any JSON value, not just an object.
   */
  private static void freeFormMaps(JSONSchemaProps schema) {
    if (schema == null) {
      return;
    }
    if (Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
      boolean valuesTyped =
          schema.getAdditionalProperties() != null
              && schema.getAdditionalProperties().getSchema() != null;
      if (!valuesTyped && (schema.getProperties() == null || schema.getProperties().isEmpty())) {
        schema.setType(null);
      }
      schema.setAdditionalProperties(null);
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(SchemaPolish::freeFormMaps);
    }
    if (schema.getItems() != null) {
      freeFormMaps(schema.getItems().getSchema());
    }
  }

  /**
   * A sweep parameter's path is one of the template's single-valued fields (an enum read from the
   * classes) and a range goes only with a numeric path; an absent objective still gets its
   * defaults. The values list takes any JSON value, which CEL cannot see into: the operator checks
   * each value against the TrainingRun schema (a dry run) before the first run.
   */
  private static void sweepPaths(JSONSchemaProps spec, Class<?> sweep) {
    List<String> all = sweepPaths(sweep, "all");
    List<String> numbers = sweepPaths(sweep, "numeric");
    JSONSchemaProps parameter = spec.getProperties().get("parameters").getItems().getSchema();
    parameter
        .getProperties()
        .get("path")
        .setEnum(
            all.stream()
                .map(p -> (com.fasterxml.jackson.databind.JsonNode) new TextNode(p))
                .toList());
    String numeric =
        numbers.stream()
            .map(p -> "'" + p + "'")
            .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    List<ValidationRule> rules = new ArrayList<>(parameter.getXKubernetesValidations());
    rules.add(
        new ValidationRuleBuilder()
            .withMessage("a range needs a numeric path (" + String.join(", ", numbers) + ")")
            .withRule("!has(self.range) || self.path in " + numeric)
            .build());
    parameter.setXKubernetesValidations(rules);
    spec.getProperties()
        .get("objective")
        .setDefault(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
  }

  /**
   * SweepPaths' list, read from the classes being generated (this module is on their build's
   * classpath, not they on its).
   */
  @SuppressWarnings("unchecked")
  private static List<String> sweepPaths(Class<?> sweep, String which) {
    try {
      return (List<String>)
          sweep
              .getClassLoader()
              .loadClass(sweep.getPackageName() + ".SweepPaths")
              .getMethod(which)
              .invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "SweepPaths." + which + "() is needed for the sweep's schema", e);
    }
  }

  private static void conditionsByType(JSONSchemaProps schema) {
    if (schema == null || schema.getProperties() == null) {
      return;
    }
    schema
        .getProperties()
        .forEach(
            (name, property) -> {
              if (name.equals("conditions") && property.getItems() != null) {
                property.setXKubernetesListType("map");
                property.setXKubernetesListMapKeys(List.of("type"));
                JSONSchemaProps item = property.getItems().getSchema();
                List<String> required = new ArrayList<>(List.of("type"));
                if (item.getRequired() != null) {
                  item.getRequired().stream().filter(r -> !r.equals("type")).forEach(required::add);
                }
                item.setRequired(required);
              } else {
                conditionsByType(property);
              }
            });
  }

  /**
   * Characters in a string, items in a list and keys in a map (params included) without a bound of
   * their own.
   */
  private record Limits(long stringLength, long listItems, long mapKeys) {}

  private static final Limits FREE = new Limits(1024, 256, 64);

  /**
   * For a kind with CEL rules: the API server estimates a rule's cost from these bounds and must
   * find it within its budget.
   */
  private static final Limits RULED = new Limits(1024, 32, 32);

  /**
   * For a status, which the trainer's token (the tenant's own) may write too: room for everything
   * the operator writes (a node per spec node, messages it cuts to 512 characters, the trainer's
   * last words), and no more than a status the operator can read back.
   */
  private static final Limits STATUS = new Limits(32 * 1024, 2000, 64);

  /**
   * Bounds every string, list and map of a spec or status that has no bound of its own, so that
   * what the API server accepts stays far below what the operator can read and what a CEL rule may
   * cost.
   */
  private static void bounded(JSONSchemaProps schema, Limits limits) {
    if (schema == null) {
      return;
    }
    boolean string =
        "string".equals(schema.getType())
            || Boolean.TRUE.equals(schema.getXKubernetesIntOrString());
    boolean enumerated = schema.getEnum() != null && !schema.getEnum().isEmpty();
    if (string && !enumerated && schema.getMaxLength() == null) {
      schema.setMaxLength(limits.stringLength());
    }
    if ("array".equals(schema.getType()) && schema.getMaxItems() == null) {
      schema.setMaxItems(limits.listItems());
    }
    boolean freeForm =
        Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())
            && "object".equals(schema.getType())
            && (schema.getProperties() == null || schema.getProperties().isEmpty());
    if ((schema.getAdditionalProperties() != null || freeForm)
        && schema.getMaxProperties() == null) {
      schema.setMaxProperties(limits.mapKeys());
    }
    if (schema.getAdditionalProperties() != null) {
      bounded(schema.getAdditionalProperties().getSchema(), limits);
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(p -> bounded(p, limits));
    }
    if (schema.getItems() != null) {
      bounded(schema.getItems().getSchema(), limits);
    }
  }

  private static boolean hasRules(JSONSchemaProps schema) {
    if (schema == null) {
      return false;
    }
    if (schema.getXKubernetesValidations() != null
        && !schema.getXKubernetesValidations().isEmpty()) {
      return true;
    }
    return (schema.getProperties() != null
            && schema.getProperties().values().stream().anyMatch(SchemaPolish::hasRules))
        || (schema.getItems() != null && hasRules(schema.getItems().getSchema()))
        || (schema.getAdditionalProperties() != null
            && hasRules(schema.getAdditionalProperties().getSchema()));
  }

  /** 2^53 - 1: the largest integer a JSON number carries exactly, below Java's long range. */
  private static final double LONG_LIMIT = 9007199254740991d;

  /**
   * Every integer in the schema gets the range of the Java type the operator reads it into (and its
   * format), keeping tighter explicit bounds: a number the API server accepts is one the operator's
   * informers can always deserialize. Walks the schema and the classes side by side.
   */
  private static void numbersTheCodeCanHold(JSONSchemaProps schema, Type javaType) {
    if (schema == null || javaType == null) {
      return;
    }
    Class<?> raw = rawClass(javaType);
    if ("integer".equals(schema.getType())) {
      boolean isLong = raw == Long.class || raw == long.class;
      double min = isLong ? -LONG_LIMIT : Integer.MIN_VALUE;
      double max = isLong ? LONG_LIMIT : Integer.MAX_VALUE;
      schema.setFormat(isLong ? "int64" : "int32");
      schema.setMinimum(schema.getMinimum() == null ? min : Math.max(min, schema.getMinimum()));
      schema.setMaximum(schema.getMaximum() == null ? max : Math.min(max, schema.getMaximum()));
      return;
    }
    if (schema.getItems() != null && Collection.class.isAssignableFrom(raw)) {
      numbersTheCodeCanHold(schema.getItems().getSchema(), typeArgument(javaType, 0));
    }
    if (schema.getAdditionalProperties() != null && Map.class.isAssignableFrom(raw)) {
      numbersTheCodeCanHold(
          schema.getAdditionalProperties().getSchema(), typeArgument(javaType, 1));
    }
    if (schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach((name, property) -> numbersTheCodeCanHold(property, fieldType(javaType, name)));
    }
  }

  /** The declared type of a property: a field of the class, or the CustomResource's spec/status. */
  private static Type fieldType(Type owner, String name) {
    Class<?> raw = rawClass(owner);
    if (CustomResource.class.isAssignableFrom(raw)
        && (name.equals("spec") || name.equals("status"))) {
      Type base = raw.getGenericSuperclass();
      return typeArgument(base, name.equals("spec") ? 0 : 1);
    }
    for (Class<?> c = raw; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        JsonProperty renamed = field.getAnnotation(JsonProperty.class);
        String json =
            renamed != null && !renamed.value().isEmpty() ? renamed.value() : field.getName();
        if (json.equals(name)) {
          return field.getGenericType();
        }
      }
    }
    return null;
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static Type typeArgument(Type type, int index) {
    return type instanceof ParameterizedType p && p.getActualTypeArguments().length > index
        ? p.getActualTypeArguments()[index]
        : null;
  }
}
