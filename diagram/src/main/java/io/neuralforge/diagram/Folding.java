package io.neuralforge.diagram;

import io.neuralforge.graph.GraphSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the repeated blocks that {@code --collapse} folds: consecutive runs of nodes, in the spec's
 * order, that repeat a block of {@code period} nodes at least twice.
 *
 * <p>Two nodes match when they have the same type, the same params and read the same things: the
 * same model input, or the node the same number of places before them in the spec. So the second
 * residual block of a ResNet stage matches the first: its skip edge reads the node just before the
 * block, as the first one's does. A run is folded only when nothing outside it reads any of its
 * nodes but the last, and none of its nodes is invalid or a model output; the box then stands for
 * the whole run. The scan is greedy from the first node on: at each place it takes the run that
 * covers the most nodes (the shorter period on a tie), or moves on by one node.
 */
final class Folding {
  /** The longest block looked for; a ResNet bottleneck with its downsample is 10 nodes. */
  static final int MAX_PERIOD = 64;

  /**
   * A run covering fewer nodes than this is left as it is: folding it would hide more than save.
   */
  static final int MIN_COVERED = 4;

  /** Nodes {@code [start, start + period * count)} repeat one block of {@code period} nodes. */
  record Run(int start, int period, int count) {
    int end() {
      return start + period * count;
    }
  }

  private Folding() {}

  /**
   * @param nodes the spec's nodes, none null, in order
   * @param pinned per node: true for a node that must stay visible (invalid, a model output)
   */
  static List<Run> runs(List<GraphSpec.Node> nodes, boolean[] pinned) {
    int n = nodes.size();
    int[] signature = signatures(nodes);
    int[] lastReader = lastReaders(nodes);
    List<Run> runs = new ArrayList<>();
    int i = 0;
    while (i < n) {
      Run best = null;
      for (int p = 1; p <= MAX_PERIOD && i + 2 * p <= n; p++) {
        int count = repeats(signature, i, p);
        Run run = new Run(i, p, count);
        if (count >= 2
            && p * count >= MIN_COVERED
            && (best == null || p * count > best.period() * best.count())
            && foldable(run, pinned, lastReader)) {
          best = run;
        }
      }
      if (best == null) {
        i++;
      } else {
        runs.add(best);
        i = best.end();
      }
    }
    return runs;
  }

  /** How many times the block {@code [start, start + p)} repeats from {@code start} on. */
  private static int repeats(int[] signature, int start, int p) {
    int count = 1;
    while (start + (count + 1) * p <= signature.length) {
      int from = start + count * p;
      for (int k = 0; k < p; k++) {
        if (signature[from + k] != signature[start + k]) {
          return count;
        }
      }
      count++;
    }
    return count;
  }

  /** No node in the run is pinned, and nothing after the run reads any node of it but the last. */
  private static boolean foldable(Run run, boolean[] pinned, int[] lastReader) {
    for (int k = run.start(); k < run.end(); k++) {
      if (pinned[k] || (k < run.end() - 1 && lastReader[k] >= run.end())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Per node, the position of the last node that reads it, or -1; a node read from before its
   * position (a spec written out of order) counts as read from after every run.
   */
  private static int[] lastReaders(List<GraphSpec.Node> nodes) {
    Map<String, Integer> index = firstIndex(nodes);
    int[] last = new int[nodes.size()];
    java.util.Arrays.fill(last, -1);
    for (int i = 0; i < nodes.size(); i++) {
      for (String ref : inputs(nodes.get(i))) {
        Integer source = ref == null ? null : index.get(ref);
        if (source != null) {
          last[source] = source >= i ? Integer.MAX_VALUE : Math.max(last[source], i);
        }
      }
    }
    return last;
  }

  /** Equal numbers for nodes of the same type, params and relative inputs. */
  private static int[] signatures(List<GraphSpec.Node> nodes) {
    Map<String, Integer> index = firstIndex(nodes);
    Map<String, Integer> interned = new HashMap<>();
    int[] signature = new int[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      GraphSpec.Node node = nodes.get(i);
      StringBuilder key = new StringBuilder();
      key.append(node.type()).append('|');
      key.append(sortedParams(node)).append('|');
      for (String ref : inputs(node)) {
        Integer source = ref == null ? null : index.get(ref);
        key.append(source == null ? "input:" + ref : "@" + (i - source)).append(',');
      }
      signature[i] = interned.computeIfAbsent(key.toString(), k -> interned.size());
    }
    return signature;
  }

  private static String sortedParams(GraphSpec.Node node) {
    Map<String, Object> sorted = new TreeMap<>();
    if (node.params() != null) {
      node.params().forEach((k, v) -> sorted.put(String.valueOf(k), v));
    }
    return sorted.toString();
  }

  static Map<String, Integer> firstIndex(List<GraphSpec.Node> nodes) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).id() != null) {
        index.putIfAbsent(nodes.get(i).id(), i);
      }
    }
    return index;
  }

  static List<String> inputs(GraphSpec.Node node) {
    return node.inputs() == null ? List.of() : node.inputs();
  }
}
