package io.neuralforge.operator.trainingsweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuralforge.api.v1alpha1.EarlyStoppingType;
import io.neuralforge.api.v1alpha1.HistoryPoint;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.SweepAlgorithm;
import io.neuralforge.api.v1alpha1.SweepEarlyStopping;
import io.neuralforge.api.v1alpha1.SweepObjective;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep's rule applied to its runs as the informer has them. */
class EarlyStoppingJudgeTest {

  private static TrainingSweep sweep(EarlyStoppingType type, Integer minEpochs) {
    var spec =
        SweepPlanTest.spec(
            SweepAlgorithm.grid,
            null,
            SweepPlanTest.values(
                "hyperparameters.optimizer.learningRate", 0.1, 0.01, 0.001, 1e-4, 1e-5, 1.0));
    spec.earlyStopping = new SweepEarlyStopping();
    spec.earlyStopping.type = type;
    spec.earlyStopping.minEpochs = minEpochs;
    if (type == EarlyStoppingType.median) {
      spec.earlyStopping.minFinishedRuns = 2;
    }
    return SweepRunsTest.sweep(spec);
  }

  /** Run {@code index} with validationAccuracy per epoch as given. */
  private static SweepRanking.Entry run(
      TrainingSweep sweep, int index, String phase, double... accuracy) {
    TrainingRun run =
        SweepRuns.build(sweep, index, SweepPlan.of(sweep.getSpec()).assignment(index));
    run.getMetadata().setUid("uid-" + index);
    run.setStatus(new TrainingRunStatus());
    run.getStatus().phase = phase;
    run.getStatus().history = new ArrayList<>();
    for (int e = 1; e <= accuracy.length; e++) {
      HistoryPoint p = new HistoryPoint();
      p.epoch = e;
      p.validationAccuracy = accuracy[e - 1];
      run.getStatus().history.add(p);
    }
    return new SweepRanking.Entry(index, run, SweepPlan.of(sweep.getSpec()).assignment(index));
  }

  @Test
  void medianStopsARunBelowTheMedianOfTheFinishedRunsOnceEnoughFinished() {
    TrainingSweep sweep = sweep(EarlyStoppingType.median, 2);
    List<SweepRanking.Entry> runs = new ArrayList<>();
    runs.add(run(sweep, 0, Phases.SUCCEEDED, 0.80, 0.90, 0.95));
    runs.add(run(sweep, 2, Phases.RUNNING, 0.30, 0.41)); // below the median 0.88 at epoch 2
    runs.add(run(sweep, 3, Phases.RUNNING, 0.10)); // before minEpochs: not judged
    var early = EarlyStoppingJudge.judge(sweep.getSpec(), runs);
    assertThat(early).as("judged at epoch 2, one finished run of two needed").hasSize(1);
    assertThat(early.get(0).epoch()).isEqualTo(2);
    assertThat(early.get(0).stop()).isNull();
    assertThat(RunStopPatch.of(early.get(0)))
        .isEqualTo(
            "{\"metadata\":{\"uid\":\"uid-2\",\"annotations\":{\""
                + Labels.SWEEP_JUDGED
                + "\":\"2\"}}}");
    runs.add(run(sweep, 1, Phases.SUCCEEDED, 0.70, 0.86, 0.90));
    var judgements = EarlyStoppingJudge.judge(sweep.getSpec(), runs);
    assertThat(judgements).hasSize(1);
    assertThat(judgements.get(0).run().getMetadata().getName()).isEqualTo("lenet-lr-2");
    assertThat(judgements.get(0).stop()).contains("0.41").contains("epoch 2").contains("0.88");
    assertThat(judgements.get(0).rungs()).isNull();
    // judged at its epoch 2, the run is not judged again before its epoch 3
    runs.get(1)
        .run()
        .getMetadata()
        .setAnnotations(new HashMap<>(java.util.Map.of(Labels.SWEEP_JUDGED, "2")));
    assertThat(EarlyStoppingJudge.judge(sweep.getSpec(), runs)).isEmpty();
  }

  @Test
  void aRunAlreadyAskedToStopOrFinishedIsNotJudgedAgain() {
    TrainingSweep sweep = sweep(EarlyStoppingType.median, 1);
    List<SweepRanking.Entry> runs = new ArrayList<>();
    runs.add(run(sweep, 0, Phases.SUCCEEDED, 0.9, 0.9));
    runs.add(run(sweep, 1, Phases.SUCCEEDED, 0.9, 0.9));
    runs.add(run(sweep, 2, Phases.RUNNING, 0.1));
    runs.get(2).run().getSpec().runPolicy = new io.neuralforge.api.v1alpha1.RunPolicy();
    runs.get(2).run().getSpec().runPolicy.stop =
        new io.neuralforge.api.v1alpha1.RunStopRequest("asked before");
    assertThat(EarlyStoppingJudge.judge(sweep.getSpec(), runs)).isEmpty();
    runs.get(2).run().getSpec().runPolicy.stop = null;
    runs.get(2).run().getStatus().phase = Phases.SUCCEEDED;
    assertThat(EarlyStoppingJudge.judge(sweep.getSpec(), runs)).isEmpty();
  }

  @Test
  void ashaRecordsRungsOnEachRunAndLaterRunsOfTheSameReconcileCompeteWithThem() {
    TrainingSweep sweep = sweep(EarlyStoppingType.asha, 2);
    sweep.getSpec().earlyStopping.reductionFactor = 2;
    List<SweepRanking.Entry> runs = new ArrayList<>();
    runs.add(run(sweep, 0, Phases.RUNNING, 0.5, 0.9));
    runs.add(run(sweep, 1, Phases.RUNNING, 0.5, 0.6));
    var judgements = EarlyStoppingJudge.judge(sweep.getSpec(), runs);
    // run 0 is alone at rung 0 and goes on; run 1 then meets its 0.9 and is not the better half
    assertThat(judgements).hasSize(2);
    assertThat(judgements.get(0).stop()).isNull();
    assertThat(judgements.get(0).rungs()).containsExactly(0.9);
    assertThat(judgements.get(1).stop()).isNotNull();
    assertThat(judgements.get(1).rungs()).containsExactly(0.6);
    assertThat(RunStopPatch.of(judgements.get(1)))
        .contains("\"uid\":\"uid-1\"")
        .contains("\"" + Labels.SWEEP_RUNGS + "\":\"0.6\"")
        .contains("\"stop\":{\"message\":");
    assertThat(judgements.get(1).epoch()).isEqualTo(2);
    // recorded and judged, run 0 is not judged again at the same epoch
    runs.get(0)
        .run()
        .getMetadata()
        .setAnnotations(
            new HashMap<>(java.util.Map.of(Labels.SWEEP_RUNGS, "0.9", Labels.SWEEP_JUDGED, "2")));
    runs.remove(1);
    assertThat(EarlyStoppingJudge.judge(sweep.getSpec(), runs)).isEmpty();
  }

  @Test
  void aRungAnnotationATenantWroteBadlyCountsAsNoRecord() {
    TrainingSweep sweep = sweep(EarlyStoppingType.asha, 2);
    for (String bad : List.of("0.9,x", "NaN-ish", ",".repeat(100_000), "1e309e")) {
      TrainingRun run = run(sweep, 0, Phases.RUNNING, 0.5).run();
      run.getMetadata().setAnnotations(new HashMap<>(java.util.Map.of(Labels.SWEEP_RUNGS, bad)));
      assertThat(EarlyStoppingJudge.rungs(run))
          .as(bad.substring(0, Math.min(bad.length(), 9)))
          .isEmpty();
    }
  }

  @Test
  void anObjectiveNotRecordedPerEpochIsTheSweepsProblem() {
    TrainingSweep sweep = sweep(EarlyStoppingType.median, 2);
    sweep.getSpec().objective = new SweepObjective("testAccuracy", ObjectiveGoal.maximize);
    assertThat(EarlyStoppingJudge.problem(sweep.getSpec()))
        .startsWith("spec.earlyStopping: the objective testAccuracy is not recorded per epoch");
    sweep.getSpec().objective = new SweepObjective("validationLoss", ObjectiveGoal.minimize);
    assertThat(EarlyStoppingJudge.problem(sweep.getSpec())).isNull();
  }
}
