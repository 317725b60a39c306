package io.neuralforge.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Topological order of the nodes, and the cycles that keep some nodes out of it. */
final class GraphOrder {
  private GraphOrder() {}

  /**
   * Returns the ids in an order where every node comes after the nodes it reads from (Kahn's
   * algorithm, iterative so that long chains cannot overflow the stack). Nodes on a cycle, or
   * downstream of one, are left out, and each cycle is reported once, naming its ids.
   */
  static List<String> topological(Map<String, GraphSpec.Node> nodes, Consumer<GraphError> report) {
    Map<String, Integer> pending = new HashMap<>();
    Map<String, List<String>> consumers = new HashMap<>();
    for (GraphSpec.Node node : nodes.values()) {
      int count = 0;
      for (String ref : refs(node, nodes)) {
        consumers.computeIfAbsent(ref, k -> new ArrayList<>()).add(node.id());
        count++;
      }
      pending.put(node.id(), count);
    }
    ArrayDeque<String> ready = new ArrayDeque<>();
    pending.forEach((id, count) -> {
      if (count == 0) {
        ready.add(id);
      }
    });
    List<String> order = new ArrayList<>(nodes.size());
    while (!ready.isEmpty()) {
      String id = ready.poll();
      order.add(id);
      for (String consumer : consumers.getOrDefault(id, List.of())) {
        if (pending.merge(consumer, -1, Integer::sum) == 0) {
          ready.add(consumer);
        }
      }
    }
    if (order.size() < nodes.size()) {
      reportCycles(nodes, new HashSet<>(order), report);
    }
    return order;
  }

  /**
   * Every node left out has a predecessor that was left out too, so walking predecessors from it
   * must revisit a node: the walk from that node on is a cycle.
   */
  private static void reportCycles(Map<String, GraphSpec.Node> nodes, Set<String> ordered, Consumer<GraphError> report) {
    Set<String> explained = new HashSet<>();
    for (String start : nodes.keySet()) {
      if (ordered.contains(start) || explained.contains(start)) {
        continue;
      }
      LinkedHashSet<String> walk = new LinkedHashSet<>();
      String current = start;
      while (current != null && !explained.contains(current) && walk.add(current)) {
        current = leftOutPredecessor(nodes.get(current), nodes, ordered);
      }
      if (current != null && !explained.contains(current)) {
        List<String> path = new ArrayList<>(walk);
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
        java.util.Collections.reverse(cycle);
        cycle.add(cycle.get(0));
        report.accept(new GraphError(cycle.get(0), "inputs", "cycle: " + String.join(" -> ", cycle)));
      }
      explained.addAll(walk);
    }
  }

  private static String leftOutPredecessor(GraphSpec.Node node, Map<String, GraphSpec.Node> nodes, Set<String> ordered) {
    for (String ref : refs(node, nodes)) {
      if (!ordered.contains(ref)) {
        return ref;
      }
    }
    return null;
  }

  /** The distinct node ids a node reads from (model inputs and unknown names excluded). */
  private static Set<String> refs(GraphSpec.Node node, Map<String, GraphSpec.Node> nodes) {
    Set<String> refs = new LinkedHashSet<>();
    if (node.inputs() != null) {
      for (String ref : node.inputs()) {
        if (ref != null && nodes.containsKey(ref)) {
          refs.add(ref);
        }
      }
    }
    return refs;
  }
}
