package io.neuralforge.operator.trainingsweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuralforge.api.v1alpha1.TrainingRun;
import java.util.List;

/**
 * What a reconcile does for a sweep: the runs it has, the checks to make before its first run, the
 * runs to create now, or why it cannot go on.
 *
 * @param runs the sweep's runs as the informer has them, with their index and parameters
 * @param created runs created so far (some may have been deleted since)
 * @param planned runs the sweep makes in all (0 when it cannot go on)
 * @param checks values to offer the API server as dry runs before the first run
 * @param toCreate the runs to create now, in order
 * @param judgements what the early-stopping rule does to runs in progress: stop them, record rungs
 * @param problem why the sweep cannot go on, or null
 */
record SweepDecision(
    List<SweepRanking.Entry> runs,
    int created,
    int planned,
    List<Check> checks,
    List<SweepRanking.Entry> toCreate,
    List<EarlyStoppingJudge.Judgement> judgements,
    SweepStatusBuilder.Problem problem) {

  /** One parameter value, set in the first run's spec, for the API server to judge. */
  record Check(String path, JsonNode value, TrainingRun run) {}

  static SweepDecision cannotGoOn(
      List<SweepRanking.Entry> runs, int created, String reason, String message) {
    return new SweepDecision(
        runs,
        created,
        0,
        List.of(),
        List.of(),
        List.of(),
        new SweepStatusBuilder.Problem(reason, message));
  }
}
