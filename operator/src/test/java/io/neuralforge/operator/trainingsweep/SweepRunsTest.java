package io.neuralforge.operator.trainingsweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.PodOverrides;
import io.neuralforge.api.v1alpha1.SweepAlgorithm;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.status.UnrunnableSpecException;
import io.neuralforge.operator.trainingrun.objects.TrainerJobBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepRunsTest {
  static TrainingSweep sweep(io.neuralforge.api.v1alpha1.TrainingSweepSpec spec) {
    TrainingSweep sweep = new TrainingSweep();
    sweep.setMetadata(
        new ObjectMetaBuilder().withName("lenet-lr").withNamespace("ml").withUid("u-1").build());
    sweep.setSpec(spec);
    return sweep;
  }

  @Test
  void eachRunIsTheTemplateWithItsParametersNamedLabelledAndOwned() {
    var spec =
        SweepPlanTest.spec(
            SweepAlgorithm.grid,
            null,
            SweepPlanTest.values("hyperparameters.optimizer.learningRate", 0.01, 0.001),
            SweepPlanTest.values("architectureRef.name", "mlp", "lenet-bn"));
    spec.parallelRuns = 3;
    List<TrainingRun> runs = SweepRuns.firstRuns(sweep(spec));
    assertEquals(3, runs.size(), "parallelRuns at first");
    TrainingRun third = runs.get(2);
    assertEquals("lenet-lr-2", third.getMetadata().getName());
    assertEquals("ml", third.getMetadata().getNamespace());
    assertEquals("lenet-lr", third.getMetadata().getLabels().get(Labels.SWEEP));
    assertEquals("2", third.getMetadata().getLabels().get(Labels.SWEEP_INDEX));
    assertEquals("u-1", third.getMetadata().getOwnerReferences().get(0).getUid());
    assertTrue(third.getMetadata().getOwnerReferences().get(0).getController());
    assertEquals("mlp", third.getSpec().architectureRef.name);
    assertEquals(0.001, third.getSpec().hyperparameters.optimizer.learningRate);
    assertEquals(0.01, runs.get(0).getSpec().hyperparameters.optimizer.learningRate);
    assertEquals(null, spec.template.hyperparameters, "the template itself is left as it was");
  }

  @Test
  void eachRunWaitsInTheSweepsKueueQueueWithTheTemplatesPriorityClass() {
    var spec =
        SweepPlanTest.spec(
            SweepAlgorithm.grid, null, SweepPlanTest.values("hyperparameters.batchSize", 16, 32));
    spec.parallelRuns = 2;
    spec.template.pod = new PodOverrides();
    spec.template.pod.priorityClassName = "research-low";
    TrainingSweep sweep = sweep(spec);
    sweep.getMetadata().setLabels(Map.of(Labels.KUEUE_QUEUE, "team-a", "owner", "ada"));
    for (TrainingRun run : SweepRuns.firstRuns(sweep)) {
      assertEquals("team-a", run.getMetadata().getLabels().get(Labels.KUEUE_QUEUE));
      assertFalse(run.getMetadata().getLabels().containsKey("owner"), "other labels stay");
      assertEquals("research-low", run.getSpec().pod.priorityClassName);
    }
    sweep.getMetadata().setLabels(null);
    assertFalse(
        SweepRuns.firstRuns(sweep).get(0).getMetadata().getLabels().containsKey(Labels.KUEUE_QUEUE),
        "no queue: the run is not queued");
  }

  @Test
  void aSweepWhoseLastRunsNameCannotBeALabelValueSaysHowLongItsNameMayBe() {
    var spec =
        SweepPlanTest.spec(
            SweepAlgorithm.grid, 12, SweepPlanTest.values("hyperparameters.batchSize", 16, 32));
    TrainingSweep sweep = sweep(spec);
    sweep.getMetadata().setName("s".repeat(61));
    assertNull(SweepRuns.nameProblem(sweep, 10), "run ...-9 has 63 characters");
    assertEquals(
        "run "
            + "s".repeat(61)
            + "-11 would have 64 characters, and a TrainingRun's name is a label value of at most"
            + " 63: name the sweep with at most 60 characters",
        SweepRuns.nameProblem(sweep, 12));
  }

  @Test
  void aRunOfTheSameNameIsTheSweepsOnlyWhenItsOwnerIsTheSweepsUid() {
    var spec =
        SweepPlanTest.spec(
            SweepAlgorithm.grid, null, SweepPlanTest.values("hyperparameters.batchSize", 16));
    TrainingSweep sweep = sweep(spec);
    TrainingRun ours = SweepRuns.firstRuns(sweep).get(0);
    assertEquals(SweepRuns.Holder.THIS_SWEEP, SweepRuns.holder(ours, sweep));

    TrainingRun squatter = new TrainingRun();
    squatter.setMetadata(new ObjectMetaBuilder().withName("lenet-lr-0").build());
    squatter.getMetadata().setLabels(ours.getMetadata().getLabels());
    assertEquals(SweepRuns.Holder.SOMEONE_ELSE, SweepRuns.holder(squatter, sweep));

    TrainingSweep earlier = sweep(spec);
    earlier.getMetadata().setUid("u-0");
    TrainingRun left = SweepRuns.firstRuns(earlier).get(0);
    assertEquals(SweepRuns.Holder.LEAVING, SweepRuns.holder(left, sweep));

    squatter.getMetadata().setDeletionTimestamp("2026-11-30T12:00:00Z");
    assertEquals(SweepRuns.Holder.LEAVING, SweepRuns.holder(squatter, sweep));
  }

  @Test
  void aValueTheFieldCannotTakeNamesThePath() {
    var spec =
        SweepPlanTest.spec(
            SweepAlgorithm.grid, null, SweepPlanTest.values("hyperparameters.batchSize", 32.5));
    var e =
        assertThrows(
            SweepRuns.InvalidParameterException.class, () -> SweepRuns.firstRuns(sweep(spec)));
    assertEquals("hyperparameters.batchSize", e.path());
    assertTrue(e.getMessage().contains("32.5 is not an integer"), e.getMessage());
    var text =
        SweepPlanTest.spec(
            SweepAlgorithm.grid,
            null,
            SweepPlanTest.values("hyperparameters.optimizer.type", "Adamax"));
    var t =
        assertThrows(
            SweepRuns.InvalidParameterException.class, () -> SweepRuns.firstRuns(sweep(text)));
    assertTrue(t.getMessage().startsWith("hyperparameters.optimizer.type: "), t.getMessage());
  }

  @Test
  void aTemplatesSpecPodReachesEachRunAndTheOperatorsAllowListRefusesIt() {
    var spec =
        SweepPlanTest.spec(
            SweepAlgorithm.grid, null, SweepPlanTest.values("hyperparameters.batchSize", 32));
    spec.template.pod = new PodOverrides();
    spec.template.pod.tolerations = List.of(new TolerationBuilder().withOperator("Exists").build());
    TrainingRun run = SweepRuns.firstRuns(sweep(spec)).get(0);
    var e =
        assertThrows(
            UnrunnableSpecException.class,
            () -> TrainerJobBuilder.build(run, "graph", null, OperatorSettings.defaults()));
    assertTrue(
        e.getMessage().startsWith("spec.pod.tolerations[0]: operator Exists without a key"),
        e.getMessage());
  }
}
