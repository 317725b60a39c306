package io.neuralforge.api.reading;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON tree as dotted paths to its leaves ({@code optimizer.learningRate}): every value that is
 * not an object, a list as one leaf (an augmentation list is one setting), nulls and empty objects
 * left out. Pure.
 */
public final class JsonLeaves {
  private JsonLeaves() {}

  /** The leaves of {@code node}, in its order, each path under {@code prefix} (may be empty). */
  public static Map<String, JsonNode> of(String prefix, JsonNode node) {
    Map<String, JsonNode> leaves = new LinkedHashMap<>();
    if (node != null) {
      walk(prefix, node, leaves);
    }
    return leaves;
  }

  private static void walk(String path, JsonNode node, Map<String, JsonNode> leaves) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> f : node.properties()) {
        walk(path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue(), leaves);
      }
    } else if (!node.isNull() && !node.isMissingNode()) {
      leaves.put(path, node);
    }
  }
}
