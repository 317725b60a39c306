package io.neuralforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuralforge.api.reading.JsonLeaves;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code neuralforge diff}: what differs between two runs' specs (hyperparameters, dataset,
 * resources) and between the architectures they trained. Pure.
 */
final class RunDiff {
  /** The spec's parts shown, in this order; resources only when they differ. */
  private static final List<String> SECTIONS = List.of("hyperparameters", "dataset", "resources");

  private static final Set<String> ALWAYS_SHOWN = Set.of("hyperparameters", "dataset");

  /** One run as diff sees it: its spec and the Architecture it trained (name and spec). */
  record Side(String label, JsonNode spec, String architectureName, JsonNode architecture) {}

  /** A leaf that differs: {@code path: before -> after}. */
  record Leaf(String path, JsonNode before, JsonNode after) {
    String text() {
      return path
          + ": "
          + SpecLeaves.text(before, "(unset)")
          + " -> "
          + SpecLeaves.text(after, "(unset)");
    }
  }

  private final Side a;
  private final Side b;
  private final Map<String, List<Leaf>> sections = new LinkedHashMap<>();
  private final List<ArchitectureDiff.Change> architecture;

  RunDiff(Side a, Side b) {
    this.a = a;
    this.b = b;
    for (String section : SECTIONS) {
      sections.put(section, leaves(section, a.spec().path(section), b.spec().path(section)));
    }
    this.architecture = ArchitectureDiff.between(a.architecture(), b.architecture());
  }

  boolean identical() {
    return sections.values().stream().allMatch(List::isEmpty)
        && architecture.isEmpty()
        && Objects.equals(a.architectureName(), b.architectureName());
  }

  String text() {
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(a.label()).append('\n');
    out.append("+++ ").append(b.label()).append('\n');
    if (identical()) {
      return out.append("identical: same hyperparameters, dataset, resources and architecture\n")
          .toString();
    }
    sections.forEach(
        (name, leaves) -> {
          if (leaves.isEmpty() && !ALWAYS_SHOWN.contains(name)) {
            return;
          }
          out.append(name).append(":\n");
          if (leaves.isEmpty()) {
            out.append("  (same)\n");
          }
          leaves.forEach(l -> out.append("  ").append(l.text()).append('\n'));
        });
    out.append("architecture");
    if (!Objects.equals(a.architectureName(), b.architectureName())) {
      out.append(" (")
          .append(a.architectureName())
          .append(" -> ")
          .append(b.architectureName())
          .append(')');
    }
    out.append(":\n");
    if (architecture.isEmpty()) {
      out.append("  (same graph)\n");
    }
    architecture.forEach(c -> out.append("  ").append(c.text()).append('\n'));
    return out.toString();
  }

  JsonNode json() {
    ObjectNode o = Manifests.JSON.createObjectNode();
    o.put("a", a.label());
    o.put("b", b.label());
    o.put("identical", identical());
    sections.forEach(
        (name, leaves) -> {
          ArrayNode list = o.putArray(name);
          for (Leaf l : leaves) {
            ObjectNode item = list.addObject();
            item.put("path", l.path());
            item.set("a", l.before());
            item.set("b", l.after());
          }
        });
    ObjectNode arch = o.putObject("architecture");
    arch.put("a", a.architectureName());
    arch.put("b", b.architectureName());
    ArrayNode changes = arch.putArray("changes");
    for (ArchitectureDiff.Change c : architecture) {
      ObjectNode item = changes.addObject();
      item.put("change", c.kind().name().toLowerCase(Locale.ROOT));
      item.put("node", c.node());
      if (c.type() != null) {
        item.put("type", c.type());
      }
      if (c.field() != null) {
        item.put("field", c.field());
        item.set("a", c.before());
        item.set("b", c.after());
      }
    }
    return o;
  }

  private static List<Leaf> leaves(String section, JsonNode before, JsonNode after) {
    Map<String, JsonNode> old = JsonLeaves.of(section, before);
    Map<String, JsonNode> now = JsonLeaves.of(section, after);
    Set<String> paths = new LinkedHashSet<>(old.keySet());
    paths.addAll(now.keySet());
    List<Leaf> leaves = new ArrayList<>();
    for (String path : paths) {
      if (!SpecLeaves.same(old.get(path), now.get(path))) {
        leaves.add(new Leaf(path, old.get(path), now.get(path)));
      }
    }
    return leaves;
  }
}
