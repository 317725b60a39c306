package io.neuralforge.operator.trainingsweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.SweepObjective;
import io.neuralforge.api.v1alpha1.SweepResult;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.trainingrun.reading.RunEpochs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks a sweep's runs by the objective in their status.metrics: succeeded runs by their value,
 * then runs still going (by the value they report so far), then those without a value, failed runs
 * last; ties by index. Pure.
 */
public final class SweepRanking {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SweepRanking() {}

  /** One run, with its index and its parameters. */
  public record Entry(int index, TrainingRun run, Map<String, JsonNode> parameters) {}

  public static List<SweepResult> rank(List<Entry> entries, SweepObjective objective) {
    String metric = metric(objective);
    Comparator<Double> better =
        goal(objective) == ObjectiveGoal.minimize
            ? Comparator.naturalOrder()
            : Comparator.reverseOrder();
    List<Ranked> ranked = new ArrayList<>();
    for (Entry e : entries) {
      ranked.add(
          new Ranked(
              e,
              phase(e.run()),
              value(e.run(), metric),
              RunEpochs.stoppedEarly(e.run()) ? RunEpochs.trained(e.run()) : null));
    }
    ranked.sort(
        Comparator.comparingInt(Ranked::tier)
            .thenComparing(r -> r.value() == null ? 0.0 : r.value(), better)
            .thenComparingInt(r -> r.entry().index()));
    return ranked.stream().map(Ranked::result).toList();
  }

  /** The objective's metric: validationAccuracy unless the sweep names one. */
  public static String metric(SweepObjective objective) {
    return objective == null || objective.metric == null
        ? SweepObjective.DEFAULT_METRIC
        : objective.metric;
  }

  /** Whether the objective is maximized (unless the sweep says minimize). */
  public static ObjectiveGoal goal(SweepObjective objective) {
    return objective == null || objective.goal == null ? ObjectiveGoal.maximize : objective.goal;
  }

  /**
   * The run's value of {@code metric} in status.metrics; null when it has none (or not a number).
   */
  public static Double value(TrainingRun run, String metric) {
    if (run.getStatus() == null || run.getStatus().metrics == null) {
      return null;
    }
    JsonNode v = JSON.valueToTree(run.getStatus().metrics).get(metric);
    return v != null && v.isNumber() && Double.isFinite(v.asDouble()) ? v.asDouble() : null;
  }

  private static String phase(TrainingRun run) {
    return run.getStatus() == null || run.getStatus().phase == null
        ? Phases.PENDING
        : run.getStatus().phase;
  }

  /**
   * Runs that trained to their end rank first, then runs in progress, then runs stopped early (as
   * Optuna's best trial is a complete one), then runs without a value, failed runs last.
   */
  private record Ranked(Entry entry, String phase, Double value, Integer stoppedAtEpoch) {
    int tier() {
      if (Phases.FAILED.equals(phase)) {
        return 4;
      }
      if (value == null) {
        return 3;
      }
      if (stoppedAtEpoch != null) {
        return 2;
      }
      return Phases.SUCCEEDED.equals(phase) ? 0 : 1;
    }

    SweepResult result() {
      SweepResult r = new SweepResult();
      r.run = entry.run().getMetadata().getName();
      r.value = Phases.FAILED.equals(phase) ? null : value;
      r.phase = phase;
      r.stoppedAtEpoch = stoppedAtEpoch;
      r.parameters = new LinkedHashMap<>(entry.parameters());
      return r;
    }
  }
}
