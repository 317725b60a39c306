package io.neuralforge.operator.trainingsweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.RunMetrics;
import io.neuralforge.api.v1alpha1.SweepAlgorithm;
import io.neuralforge.api.v1alpha1.SweepObjective;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.api.v1alpha1.TrainingSweepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepStatusBuilderTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  private static TrainingSweep sweep(ObjectiveGoal goal, String metric) {
    var spec =
        SweepPlanTest.spec(
            SweepAlgorithm.grid,
            null,
            SweepPlanTest.values("hyperparameters.optimizer.learningRate", 0.1, 0.01, 0.001, 1e-4));
    spec.objective = new SweepObjective(metric, goal);
    TrainingSweep sweep = SweepRunsTest.sweep(spec);
    sweep.getMetadata().setGeneration(3L);
    return sweep;
  }

  private static SweepRanking.Entry run(TrainingSweep sweep, int index, String phase, Double acc) {
    TrainingRun run =
        SweepRuns.build(sweep, index, SweepPlan.of(sweep.getSpec()).assignment(index));
    run.setStatus(new TrainingRunStatus());
    run.getStatus().phase = phase;
    if (acc != null) {
      run.getStatus().metrics = new RunMetrics();
      run.getStatus().metrics.validationAccuracy = acc;
      run.getStatus().metrics.validationLoss = 1 - acc;
    }
    return new SweepRanking.Entry(index, run, SweepPlan.of(sweep.getSpec()).assignment(index));
  }

  private static TrainingSweepStatus build(TrainingSweep sweep, List<SweepRanking.Entry> runs) {
    int created = runs.stream().mapToInt(e -> e.index() + 1).max().orElse(0);
    return SweepStatusBuilder.build(
        new SweepStatusBuilder.Facts(sweep, runs, created, 4, null, NOW));
  }

  @Test
  void rankedByTheObjectiveWithFailedRunsLastAndTheBestASucceededRun() {
    TrainingSweep sweep = sweep(ObjectiveGoal.maximize, "validationAccuracy");
    List<SweepRanking.Entry> runs = new ArrayList<>();
    runs.add(run(sweep, 0, Phases.FAILED, null));
    runs.add(run(sweep, 1, Phases.SUCCEEDED, 0.85));
    runs.add(run(sweep, 2, Phases.RUNNING, 0.95)); // better so far, not finished
    runs.add(run(sweep, 3, Phases.SUCCEEDED, 0.91));
    TrainingSweepStatus s = build(sweep, runs);
    assertEquals(
        List.of("lenet-lr-3", "lenet-lr-1", "lenet-lr-2", "lenet-lr-0"),
        s.leaderboard.stream().map(r -> r.run).toList());
    assertEquals("lenet-lr-3", s.best.run);
    assertEquals(0.91, s.best.value);
    assertEquals(1e-4, s.best.parameters.get("hyperparameters.optimizer.learningRate").asDouble());
    assertNull(s.leaderboard.get(3).value, "a failed run has no value");
    assertEquals(Phases.RUNNING, s.phase);
    assertEquals("3/4", s.figures.runs);
    assertEquals(3L, s.observedGeneration);
    assertEquals(3L, s.conditions.get(0).getObservedGeneration());
  }

  @Test
  void minimizingPutsTheLowestFirstAndTheSweepSucceedsWhenAllFinished() {
    TrainingSweep sweep = sweep(ObjectiveGoal.minimize, "validationLoss");
    List<SweepRanking.Entry> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(run(sweep, i, i == 2 ? Phases.FAILED : Phases.SUCCEEDED, 0.8 + i * 0.05));
    }
    TrainingSweepStatus s = build(sweep, runs);
    assertEquals("lenet-lr-3", s.best.run); // loss 0.05, the lowest
    assertEquals("lenet-lr-1", s.leaderboard.get(1).run); // 0.15 before run 0's 0.2
    assertEquals("lenet-lr-2", s.leaderboard.get(3).run);
    assertEquals(Phases.SUCCEEDED, s.phase);
    assertEquals(3, s.runs.succeeded);
    assertEquals(1, s.runs.failed);
  }

  @Test
  void theSweepFailsOnlyWhenEveryRunFailed() {
    TrainingSweep sweep = sweep(ObjectiveGoal.maximize, "validationAccuracy");
    List<SweepRanking.Entry> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(run(sweep, i, Phases.FAILED, null));
    }
    TrainingSweepStatus s = build(sweep, runs);
    assertEquals(Phases.FAILED, s.phase);
    assertEquals(Reasons.ALL_RUNS_FAILED, s.conditions.get(2).getReason());
    assertNull(s.best);
    assertEquals(Phases.PENDING, build(sweep, List.of()).phase);
  }

  /** A run stopped early after {@code epochs} of its 8, as the run reconciler ends it. */
  static void stoppedAfter(TrainingRun run, int epochs) {
    run.getSpec().hyperparameters.epochs = 8;
    run.getSpec().runPolicy = new io.neuralforge.api.v1alpha1.RunPolicy();
    run.getSpec().runPolicy.stop = new io.neuralforge.api.v1alpha1.RunStopRequest("hopeless");
    run.getStatus().history = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      var p = new io.neuralforge.api.v1alpha1.HistoryPoint();
      p.epoch = e;
      run.getStatus().history.add(p);
    }
    var c = new io.fabric8.kubernetes.api.model.Condition();
    c.setType("Succeeded");
    c.setStatus("True");
    c.setReason(Reasons.EARLY_STOPPED);
    run.getStatus().conditions = List.of(c);
  }

  @Test
  void runsStoppedEarlyAreCountedApartRankedAfterFinishedOnesAndTheirSavedEpochsSummed() {
    TrainingSweep sweep = sweep(ObjectiveGoal.maximize, "validationAccuracy");
    sweep.getSpec().earlyStopping = new io.neuralforge.api.v1alpha1.SweepEarlyStopping();
    sweep.getSpec().earlyStopping.type = io.neuralforge.api.v1alpha1.EarlyStoppingType.median;
    List<SweepRanking.Entry> runs = new ArrayList<>();
    runs.add(run(sweep, 0, Phases.SUCCEEDED, 0.90));
    runs.add(run(sweep, 1, Phases.SUCCEEDED, 0.95)); // stopped: never the best, whatever its value
    stoppedAfter(runs.get(1).run(), 2);
    runs.add(run(sweep, 2, Phases.SUCCEEDED, 0.40));
    stoppedAfter(runs.get(2).run(), 3);
    runs.add(run(sweep, 3, Phases.FAILED, null));
    TrainingSweepStatus s = build(sweep, runs);
    assertEquals(1, s.runs.succeeded);
    assertEquals(2, s.runs.stopped);
    assertEquals(1, s.runs.failed);
    assertEquals(0, s.runs.running);
    assertEquals(6 + 5, s.figures.epochsSaved);
    assertEquals("4/4", s.figures.runs);
    assertEquals("lenet-lr-0", s.best.run);
    assertEquals(
        List.of("lenet-lr-0", "lenet-lr-1", "lenet-lr-2", "lenet-lr-3"),
        s.leaderboard.stream().map(r -> r.run).toList());
    assertEquals(2, s.leaderboard.get(1).stoppedAtEpoch);
    assertNull(s.leaderboard.get(0).stoppedAtEpoch);
    assertEquals(Phases.SUCCEEDED, s.phase);
    assertEquals(
        "4 runs finished (2 stopped early); best lenet-lr-0 with validationAccuracy 0.9",
        s.conditions.stream()
            .filter(c -> "Succeeded".equals(c.getType()))
            .findFirst()
            .orElseThrow()
            .getMessage());
  }
}
