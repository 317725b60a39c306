package io.neuralforge.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/** Topological order of the nodes, and the cycles that keep some nodes out of it. */
final class GraphOrder {
  private GraphOrder() {}

  /**
   * Returns node indices in an order where every node comes after the nodes it reads from (Kahn's
   * algorithm, iterative so that long chains cannot overflow the stack). Nodes on a cycle, or
   * downstream of one, are left out, and each cycle is reported once, naming its ids.
   *
   * @param predecessors per node, the distinct nodes it reads from
   */
  static int[] topological(
      int[][] predecessors, IntFunction<String> ids, Consumer<GraphError> report) {
    int n = predecessors.length;
    int[] pending = new int[n];
    int[] consumerCount = new int[n];
    for (int i = 0; i < n; i++) {
      pending[i] = predecessors[i].length;
      for (int p : predecessors[i]) {
        consumerCount[p]++;
      }
    }
    int[][] consumers = new int[n][];
    for (int i = 0; i < n; i++) {
      consumers[i] = new int[consumerCount[i]];
      consumerCount[i] = 0;
    }
    for (int i = 0; i < n; i++) {
      for (int p : predecessors[i]) {
        consumers[p][consumerCount[p]++] = i;
      }
    }
    int[] order = new int[n];
    int size = 0;
    for (int i = 0; i < n; i++) {
      if (pending[i] == 0) {
        order[size++] = i;
      }
    }
    for (int head = 0; head < size; head++) {
      for (int c : consumers[order[head]]) {
        if (--pending[c] == 0) {
          order[size++] = c;
        }
      }
    }
    if (size < n) {
      reportCycles(predecessors, pending, ids, report);
    }
    return Arrays.copyOf(order, size);
  }

  /**
   * Every node left out (pending > 0) has a predecessor that was left out too, so walking such
   * predecessors from it must revisit a node: the walk from that node on is a cycle.
   */
  private static void reportCycles(
      int[][] predecessors, int[] pending, IntFunction<String> ids, Consumer<GraphError> report) {
    int n = predecessors.length;
    boolean[] explained = new boolean[n];
    int[] positionInWalk = new int[n];
    Arrays.fill(positionInWalk, -1);
    for (int start = 0; start < n; start++) {
      if (pending[start] == 0 || explained[start]) {
        continue;
      }
      List<Integer> walk = new ArrayList<>();
      int current = start;
      while (current >= 0 && !explained[current] && positionInWalk[current] < 0) {
        positionInWalk[current] = walk.size();
        walk.add(current);
        current = leftOutPredecessor(predecessors[current], pending);
      }
      if (current >= 0 && !explained[current]) {
        List<String> cycle = new ArrayList<>();
        for (int k = positionInWalk[current]; k < walk.size(); k++) {
          cycle.add(ids.apply(walk.get(k)));
        }
        Collections.reverse(cycle); // walked against the data flow; report along it
        cycle.add(cycle.get(0));
        report.accept(
            new GraphError(cycle.get(0), "inputs", "cycle: " + String.join(" -> ", cycle)));
      }
      for (int node : walk) {
        explained[node] = true;
      }
    }
  }

  private static int leftOutPredecessor(int[] predecessors, int[] pending) {
    for (int p : predecessors) {
      if (pending[p] > 0) {
        return p;
      }
    }
    return -1;
  }
}
