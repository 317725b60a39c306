package io.neuralforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuralforge.api.reading.JsonLeaves;
import io.neuralforge.api.v1alpha1.SweepPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A TrainingRun spec as dotted paths to its leaves ({@code
 * hyperparameters.optimizer.learningRate}), the paths a sweep varies, and how their values compare
 * and read. Pure.
 */
final class SpecLeaves {
  private SpecLeaves() {}

  /** The compared leaves of a spec: those under the fields a search varies, in the spec's order. */
  static Map<String, JsonNode> of(JsonNode spec) {
    Map<String, JsonNode> leaves = new LinkedHashMap<>();
    if (spec != null && spec.isObject()) {
      for (Map.Entry<String, JsonNode> f : spec.properties()) {
        if (SweepPaths.searched(f.getKey())) {
          leaves.putAll(JsonLeaves.of(f.getKey(), f.getValue()));
        }
      }
    }
    return leaves;
  }

  /**
   * The paths whose values are not the same in every run (a path some runs lack counts), in the
   * order they first appear.
   */
  static List<String> differing(List<Map<String, JsonNode>> runs) {
    Set<String> paths = new LinkedHashSet<>();
    runs.forEach(r -> paths.addAll(r.keySet()));
    List<String> differing = new ArrayList<>();
    for (String path : paths) {
      JsonNode first = runs.get(0).get(path);
      if (runs.stream().anyMatch(r -> !same(first, r.get(path)))) {
        differing.add(path);
      }
    }
    return differing;
  }

  /** Equal as values: 0.001 written as 1.0E-3, or 10 as 10.0, is the same setting. */
  static boolean same(JsonNode a, JsonNode b) {
    if (a != null && b != null && a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    return Objects.equals(a, b);
  }

  /** 0.00051, not 5.1E-4 (as learning rates are written); very large or small ones stay short. */
  private static String number(JsonNode value) {
    String plain = value.decimalValue().stripTrailingZeros().toPlainString();
    return plain.length() <= 12 ? plain : value.asText();
  }

  /**
   * A leaf as people read it: text unquoted, a list of plain values as {@code [a, b]}, anything
   * else as compact JSON, {@code absent} for none.
   */
  static String text(JsonNode value, String absent) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return absent;
    }
    if (value.isNumber()) {
      return number(value);
    }
    if (value.isValueNode()) {
      return value.asText();
    }
    if (!value.isArray()) {
      return value.toString();
    }
    List<String> items = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isValueNode()) {
        return value.toString();
      }
      items.add(item.isNumber() ? number(item) : item.asText());
    }
    return "[" + String.join(", ", items) + "]";
  }
}
