package io.neuralforge.cli;

import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import io.neuralforge.api.v1alpha1.SweepObjective;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Best first by one metric. Runs without it go last, in the order they came. Pure.
 *
 * @param ascending true when lower is better (a loss)
 */
record RunOrder(String metric, boolean ascending) {
  /**
   * The order asked for: {@code --sort} if given, else the sweep's objective, else validation
   * accuracy. The sweep's goal decides the direction for its own metric; otherwise a metric named
   * like a loss is minimized and any other maximized.
   */
  static RunOrder of(String sort, SweepObjective objective) {
    String sweepMetric = objective == null || objective.metric == null ? null : objective.metric;
    String metric =
        sort != null ? sort : sweepMetric != null ? sweepMetric : SweepObjective.DEFAULT_METRIC;
    if (objective != null && objective.goal != null && metric.equals(sweepMetric)) {
      return new RunOrder(metric, objective.goal == ObjectiveGoal.minimize);
    }
    return new RunOrder(metric, metric.toLowerCase(Locale.ROOT).contains("loss"));
  }

  List<RunFacts> sort(List<RunFacts> runs) {
    Comparator<Double> better = ascending ? Comparator.naturalOrder() : Comparator.reverseOrder();
    List<RunFacts> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparing(r -> r.metric(metric), Comparator.nullsLast(better)));
    return sorted;
  }

  /** For people: {@code validationLoss, lowest first}. */
  String describe() {
    return metric + (ascending ? ", lowest first" : ", highest first");
  }
}
