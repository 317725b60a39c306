package io.neuralforge.operator.trainingsweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuralforge.api.v1alpha1.EarlyStoppingType;
import io.neuralforge.api.v1alpha1.HistoryPoint;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.ParameterRange;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.RangeScale;
import io.neuralforge.api.v1alpha1.SweepAlgorithm;
import io.neuralforge.api.v1alpha1.SweepEarlyStopping;
import io.neuralforge.api.v1alpha1.SweepParameter;
import io.neuralforge.api.v1alpha1.SweepPaths;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.api.v1alpha1.TrainingSweepSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A tpe sweep with early stopping at the schema's edges: every numeric path a range, 10,000 runs
 * planned, 1,000 at once, most finished with full curves, the rest due for judgement, one whose
 * trainer's token wrote an epoch far past its plan. One reconcile's decision is made, whole, and
 * how long it took is printed (a tenant's sweep must not hold the operator).
 */
class SweepAtTheEdgesTest {
  private static final int FINISHED = 8999;
  private static final int RUNNING = 1000;

  @Test
  void aSweepAtTheSchemasEdgesIsDecidedInOneReconcile() {
    List<SweepParameter> parameters = new ArrayList<>();
    for (String path : SweepPaths.numeric()) {
      if (SweepPaths.kindOf(path) == SweepPaths.Kind.NUMBER && parameters.size() < 15) {
        parameters.add(
            new SweepParameter(path, null, new ParameterRange(1e-4, 0.5, RangeScale.log)));
      }
    }
    parameters.add(SweepPlanTest.values("hyperparameters.batchSize", SweepPlanTest.oneTo(32)));
    TrainingSweepSpec spec =
        SweepPlanTest.spec(
            SweepAlgorithm.tpe,
            TrainingSweepSpec.MAX_RUNS,
            parameters.toArray(SweepParameter[]::new));
    spec.parallelRuns = RUNNING + 1;
    spec.earlyStopping = new SweepEarlyStopping();
    spec.earlyStopping.type = EarlyStoppingType.median;
    TrainingSweep sweep = SweepRunsTest.sweep(spec);
    sweep.getMetadata().setGeneration(1L);
    SweepPlan plan = SweepPlan.of(spec);
    SplittableRandom random = new SplittableRandom(7);
    List<TrainingRun> runs = new ArrayList<>();
    for (int i = 0; i < FINISHED + RUNNING; i++) {
      TrainingRun run = SweepRuns.build(sweep, i, plan.assignment(i));
      run.getMetadata().setUid("uid-" + i);
      run.getSpec().hyperparameters.epochs = 100_000;
      run.setStatus(new TrainingRunStatus());
      run.getStatus().phase = i < FINISHED ? Phases.SUCCEEDED : Phases.RUNNING;
      run.getStatus().history = new ArrayList<>();
      for (int p = 1; p <= 200; p++) {
        HistoryPoint point = new HistoryPoint();
        point.epoch = i < FINISHED ? p * 500 : p; // a finished run's curve is thinned

        point.validationAccuracy = random.nextDouble();
        run.getStatus().history.add(point);
      }
      if (i >= FINISHED) {
        run.getMetadata().setAnnotations(new HashMap<>(Map.of(Labels.SWEEP_RUNGS, "x")));
      }
      runs.add(run);
    }
    runs.get(FINISHED).getStatus().history.get(199).epoch = Integer.MAX_VALUE;
    sweep.setStatus(new io.neuralforge.api.v1alpha1.TrainingSweepStatus());
    sweep.getStatus().runs = new io.neuralforge.api.v1alpha1.SweepRunCounts();
    sweep.getStatus().runs.created = FINISHED + RUNNING;

    long start = System.nanoTime();
    SweepDecision decision = SweepDecisions.decide(sweep, runs);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "sweep at the edges: %d runs (%d finished, %d judged), %d created next, decided in %.2f s%n",
        runs.size(), FINISHED, decision.judgements().size(), decision.toCreate().size(), seconds);
    assertThat(decision.problem()).isNull();
    assertThat(decision.toCreate()).hasSize(1);
    assertThat(decision.judgements()).as("every running run is due but one").hasSize(RUNNING - 1);
  }
}
