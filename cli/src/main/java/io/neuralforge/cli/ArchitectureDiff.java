package io.neuralforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuralforge.api.reading.JsonLeaves;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed between two Architecture specs, node by node (matched by id): nodes removed, nodes
 * whose type, params or inputs changed, nodes added; and the model's inputs and outputs. Pure.
 */
final class ArchitectureDiff {
  private ArchitectureDiff() {}

  /**
   * One change. For {@code ADDED} and {@code REMOVED}, {@code field} is null and {@code type} the
   * node's type; for {@code CHANGED}, {@code field} says what changed ({@code type}, {@code
   * inputs}, {@code params.outFeatures}, or for the model {@code shape} of an input, {@code
   * outputs}).
   *
   * @param node a node id; for the model's inputs {@code input <name>}, for its outputs {@code
   *     outputs}
   */
  record Change(
      Kind kind, String node, String type, String field, JsonNode before, JsonNode after) {
    String text() {
      return switch (kind) {
        case ADDED -> "+ " + node + " (" + type + ")";
        case REMOVED -> "- " + node + " (" + type + ")";
        case CHANGED ->
            "~ "
                + node
                + ": "
                + field
                + " "
                + SpecLeaves.text(before, "(unset)")
                + " -> "
                + SpecLeaves.text(after, "(unset)");
      };
    }
  }

  enum Kind {
    ADDED,
    REMOVED,
    CHANGED
  }

  /** The changes from {@code a} to {@code b}: a's nodes in a's order, then b's new nodes. */
  static List<Change> between(JsonNode a, JsonNode b) {
    List<Change> changes = new ArrayList<>();
    modelInputs(a, b, changes);
    Map<String, JsonNode> before = byId(a.path("nodes"), "id");
    Map<String, JsonNode> after = byId(b.path("nodes"), "id");
    for (Map.Entry<String, JsonNode> e : before.entrySet()) {
      JsonNode old = e.getValue();
      JsonNode now = after.get(e.getKey());
      if (now == null) {
        changes.add(new Change(Kind.REMOVED, e.getKey(), type(old), null, null, null));
        continue;
      }
      node(e.getKey(), old, now, changes);
    }
    after.forEach(
        (id, node) -> {
          if (!before.containsKey(id)) {
            changes.add(new Change(Kind.ADDED, id, type(node), null, null, null));
          }
        });
    if (!SpecLeaves.same(a.path("outputs"), b.path("outputs"))) {
      changes.add(
          new Change(Kind.CHANGED, "outputs", null, "ids", a.get("outputs"), b.get("outputs")));
    }
    return changes;
  }

  private static void node(String id, JsonNode old, JsonNode now, List<Change> changes) {
    if (!SpecLeaves.same(old.get("type"), now.get("type"))) {
      changes.add(
          new Change(Kind.CHANGED, id, type(now), "type", old.get("type"), now.get("type")));
    }
    Map<String, JsonNode> oldParams = JsonLeaves.of("params", old.path("params"));
    Map<String, JsonNode> newParams = JsonLeaves.of("params", now.path("params"));
    Set<String> keys = new LinkedHashSet<>(oldParams.keySet());
    keys.addAll(newParams.keySet());
    for (String key : keys) {
      if (!SpecLeaves.same(oldParams.get(key), newParams.get(key))) {
        changes.add(
            new Change(Kind.CHANGED, id, type(now), key, oldParams.get(key), newParams.get(key)));
      }
    }
    if (!SpecLeaves.same(inputs(old), inputs(now))) {
      changes.add(new Change(Kind.CHANGED, id, type(now), "inputs", inputs(old), inputs(now)));
    }
  }

  /** The model's inputs, matched by name: a new shape changes what every layer sees. */
  private static void modelInputs(JsonNode a, JsonNode b, List<Change> changes) {
    Map<String, JsonNode> before = byId(a.path("inputs"), "name");
    Map<String, JsonNode> after = byId(b.path("inputs"), "name");
    Set<String> names = new LinkedHashSet<>(before.keySet());
    names.addAll(after.keySet());
    for (String name : names) {
      Map<String, JsonNode> old = JsonLeaves.of("", before.get(name));
      Map<String, JsonNode> now = JsonLeaves.of("", after.get(name));
      Set<String> fields = new LinkedHashSet<>(old.keySet());
      fields.addAll(now.keySet());
      fields.remove("name");
      for (String field : fields) {
        if (!SpecLeaves.same(old.get(field), now.get(field))) {
          changes.add(
              new Change(
                  Kind.CHANGED, "input " + name, null, field, old.get(field), now.get(field)));
        }
      }
    }
  }

  /** A node without inputs reads nothing: absent and [] are the same. */
  private static JsonNode inputs(JsonNode node) {
    JsonNode inputs = node.get("inputs");
    return inputs == null || inputs.isNull() ? Manifests.JSON.createArrayNode() : inputs;
  }

  private static String type(JsonNode node) {
    return node.path("type").asText("?");
  }

  private static Map<String, JsonNode> byId(JsonNode list, String key) {
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (JsonNode item : list) {
      if (item.hasNonNull(key)) {
        byId.putIfAbsent(item.get(key).asText(), item);
      }
    }
    return byId;
  }
}
