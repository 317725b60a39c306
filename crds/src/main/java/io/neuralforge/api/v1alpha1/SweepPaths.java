package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a TrainingRun spec a sweep may vary: every single-valued field under the
 * architecture, the dataset, the hyperparameters and the resources, as dotted paths (the schema's
 * enum of {@code parameters[].path}). Read from the classes, so a new field is sweepable at once.
 */
public final class SweepPaths {
  /** The parts of the spec a search varies; output, runPolicy, pod and tracking are the sweep's. */
  private static final Set<String> ROOTS =
      Set.of("architectureRef", "dataset", "hyperparameters", "resources");

  /**
   * Whether a top-level field of a TrainingRun spec is one a search varies, and so one in which two
   * runs' results can differ (output, runPolicy, pod and tracking are where results go and how).
   */
  public static boolean searched(String specField) {
    return ROOTS.contains(specField);
  }

  /** What kind of value a path takes. */
  public enum Kind {
    INTEGER,
    NUMBER,
    BOOLEAN,
    TEXT
  }

  private static final Map<String, Kind> PATHS = collect();

  private SweepPaths() {}

  /** Every sweepable path, in the spec's declaration order. */
  public static List<String> all() {
    return List.copyOf(PATHS.keySet());
  }

  /** The paths that take a number, and so a range. */
  public static List<String> numeric() {
    return PATHS.entrySet().stream()
        .filter(e -> e.getValue() == Kind.INTEGER || e.getValue() == Kind.NUMBER)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The kind of value at {@code path}; null for a path a sweep cannot vary. */
  public static Kind kindOf(String path) {
    return PATHS.get(path);
  }

  private static Map<String, Kind> collect() {
    Map<String, Kind> paths = new LinkedHashMap<>();
    for (Field field : fields(TrainingRunSpec.class)) {
      if (ROOTS.contains(jsonName(field))) {
        walk(jsonName(field), field.getType(), paths);
      }
    }
    return paths;
  }

  private static void walk(String prefix, Class<?> type, Map<String, Kind> paths) {
    Kind kind = leafKind(type);
    if (kind != null) {
      paths.put(prefix, kind);
      return;
    }
    if (!type.getPackageName().equals(SweepPaths.class.getPackageName())) {
      return; // lists and maps: not one value a sweep can set
    }
    for (Field field : fields(type)) {
      walk(prefix + "." + jsonName(field), field.getType(), paths);
    }
  }

  private static Kind leafKind(Class<?> type) {
    if (type == Integer.class || type == Long.class) {
      return Kind.INTEGER;
    }
    if (type == Double.class) {
      return Kind.NUMBER;
    }
    if (type == Boolean.class) {
      return Kind.BOOLEAN;
    }
    if (type == String.class || type == Quantity.class || type.isEnum()) {
      return Kind.TEXT;
    }
    return null;
  }

  private static List<Field> fields(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (Modifier.isPublic(f.getModifiers()) && !Modifier.isStatic(f.getModifiers())) {
        fields.add(f);
      }
    }
    return fields;
  }

  private static String jsonName(Field field) {
    JsonProperty renamed = field.getAnnotation(JsonProperty.class);
    return renamed != null && !renamed.value().isEmpty() ? renamed.value() : field.getName();
  }
}
