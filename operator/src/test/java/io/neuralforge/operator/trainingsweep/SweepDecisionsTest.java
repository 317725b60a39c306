package io.neuralforge.operator.trainingsweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.neuralforge.api.v1alpha1.ConditionTypes;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.SweepAlgorithm;
import io.neuralforge.api.v1alpha1.SweepParameter;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.api.v1alpha1.TrainingSweepSpec;
import io.neuralforge.api.v1alpha1.TrainingSweepStatus;
import io.neuralforge.operator.status.BoundedText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepDecisionsTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  private static final String BATCH = "hyperparameters.batchSize";

  private static SweepParameter options(String path, int count) {
    return SweepPlanTest.values(path, SweepPlanTest.oneTo(count));
  }

  /** A grid sweep of {@code batchSizes} x {@code epochs} runs, at generation 1. */
  private static TrainingSweep grid(int batchSizes, int epochs, int parallelRuns) {
    TrainingSweepSpec spec =
        SweepPlanTest.spec(
            SweepAlgorithm.grid,
            null,
            options(BATCH, batchSizes),
            options("hyperparameters.epochs", epochs));
    spec.parallelRuns = parallelRuns;
    TrainingSweep sweep = SweepRunsTest.sweep(spec);
    sweep.getMetadata().setGeneration(1L);
    return sweep;
  }

  /** The sweep's runs as the informer would hold them after a reconcile created them. */
  private static List<TrainingRun> created(SweepDecision decision, String phase) {
    List<TrainingRun> runs = new ArrayList<>();
    for (SweepRanking.Entry e : decision.toCreate()) {
      e.run().setStatus(new TrainingRunStatus());
      e.run().getStatus().phase = phase;
      runs.add(e.run());
    }
    return runs;
  }

  /** The status the reconcile writes, as the API server then holds it. */
  private static void writeStatus(TrainingSweep sweep, SweepDecision decision) {
    sweep.setStatus(
        SweepStatusBuilder.build(
            new SweepStatusBuilder.Facts(
                sweep,
                decision.runs(),
                decision.created() + decision.toCreate().size(),
                decision.planned(),
                decision.problem(),
                NOW)));
  }

  private static List<Integer> indexes(List<SweepRanking.Entry> entries) {
    return entries.stream().map(SweepRanking.Entry::index).toList();
  }

  @Test
  void aThousandParallelRunsAreCreatedTenPerReconcile() {
    TrainingSweep sweep = grid(25, 4, 1000);
    SweepDecision first = SweepDecisions.decide(sweep, List.of());
    assertThat(indexes(first.toCreate())).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(first.checks()).as("every value checked before the first run").hasSize(25 + 4);

    List<TrainingRun> cached = created(first, Phases.PENDING);
    writeStatus(sweep, first);
    SweepDecision second = SweepDecisions.decide(sweep, cached);
    assertThat(indexes(second.toCreate())).containsExactly(10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    assertThat(second.checks()).as("checked once, before the first run").isEmpty();
  }

  @Test
  void parallelRunsStillBoundTheRunsUnfinished() {
    TrainingSweep sweep = grid(25, 4, 3);
    SweepDecision first = SweepDecisions.decide(sweep, List.of());
    assertThat(indexes(first.toCreate())).containsExactly(0, 1, 2);
    writeStatus(sweep, first);
    assertThat(SweepDecisions.decide(sweep, created(first, Phases.RUNNING)).toCreate()).isEmpty();
  }

  @Test
  void aGridLargerThanTheBoundWithoutMaxRunsFailsNamingMaxRunsAndCreatesNothing() {
    TrainingSweep sweep = grid(32, 32, 1);
    List<SweepParameter> parameters = new ArrayList<>(sweep.getSpec().parameters);
    parameters.add(options("hyperparameters.seed", 10));
    sweep.getSpec().parameters = parameters;
    SweepDecision decision = SweepDecisions.decide(sweep, List.of());
    assertThat(decision.problem().reason()).isEqualTo(Reasons.TOO_MANY_RUNS);
    assertThat(decision.problem().message())
        .startsWith("maxRuns: a grid of 10240 combinations needs maxRuns (at most 10000)");
    assertThat(decision.checks()).isEmpty();
    assertThat(decision.toCreate()).isEmpty();

    sweep.getSpec().maxRuns = 20;
    assertThat(SweepDecisions.decide(sweep, List.of()).problem()).isNull();
  }

  @Test
  void aSweepNameLeavingItsRunsNoRoomFailsBeforeAnyCheckOrRun() {
    TrainingSweep sweep = grid(4, 1, 4);
    sweep.getMetadata().setName("n".repeat(62));
    SweepDecision decision = SweepDecisions.decide(sweep, List.of());
    assertThat(decision.problem().reason()).isEqualTo(Reasons.NAME_TOO_LONG);
    assertThat(decision.problem().message())
        .startsWith("metadata.name: run " + "n".repeat(62) + "-3 would have 64 characters")
        .contains("at most 63")
        .endsWith("name the sweep with at most 61 characters");
    assertThat(decision.checks()).isEmpty();
    assertThat(decision.toCreate()).isEmpty();
    writeStatus(sweep, decision);
    assertThat(sweep.getStatus().phase).isEqualTo(Phases.FAILED);
  }

  @Test
  void aRunOfTheSweepsNameItDidNotCreateIsNeitherCountedNorRanked() {
    TrainingSweep sweep = grid(4, 1, 1);
    TrainingRun squatter = new TrainingRun();
    squatter.setMetadata(
        new ObjectMetaBuilder()
            .withName("lenet-lr-0")
            .addToLabels(Labels.SWEEP, "lenet-lr")
            .addToLabels(Labels.SWEEP_INDEX, "0")
            .build());
    SweepDecision decision = SweepDecisions.decide(sweep, List.of(squatter));
    assertThat(decision.runs()).isEmpty();
    assertThat(decision.created()).isZero();
    assertThat(indexes(decision.toCreate())).containsExactly(0);
  }

  @Test
  void anIndexLabelOutsideThePlanIsIgnoredNotACrash() {
    TrainingSweep sweep = grid(4, 1, 1);
    TrainingRun first = SweepDecisions.decide(sweep, List.of()).toCreate().get(0).run();
    first.getMetadata().getLabels().put(Labels.SWEEP_INDEX, "-1");
    SweepDecision negative = SweepDecisions.decide(sweep, List.of(first));
    assertThat(negative.runs()).isEmpty();
    first.getMetadata().getLabels().put(Labels.SWEEP_INDEX, String.valueOf(Integer.MAX_VALUE));
    assertThat(SweepDecisions.decide(sweep, List.of(first)).created()).isZero();
  }

  @Test
  void aSweepTheApiServerRefusedStaysFailedUntilItsSpecChanges() {
    TrainingSweep sweep = grid(4, 1, 1);
    SweepDecision refused =
        SweepDecision.cannotGoOn(
            List.of(), 0, Reasons.INVALID_PARAMETER, "parameters " + BATCH + ": value 4 ...");
    writeStatus(sweep, refused);

    SweepDecision again = SweepDecisions.decide(sweep, List.of());
    assertThat(again.checks()).as("no dry run on every reconcile").isEmpty();
    assertThat(again.toCreate()).isEmpty();
    assertThat(again.problem()).isEqualTo(refused.problem());

    sweep.getMetadata().setGeneration(2L);
    SweepDecision edited = SweepDecisions.decide(sweep, List.of());
    assertThat(edited.problem()).isNull();
    assertThat(edited.checks()).as("4 batch sizes, 1 epoch count").hasSize(5);
  }

  @Test
  void aSweepThatWasUnreadableIsDecidedAfreshOnceReadable() {
    TrainingSweep sweep = grid(4, 1, 1);
    writeStatus(
        sweep,
        SweepDecision.cannotGoOn(List.of(), 0, Reasons.UNREADABLE, "spec.seed: not a number"));
    assertThat(sweep.getStatus().phase).isEqualTo(Phases.FAILED);
    SweepDecision decision = SweepDecisions.decide(sweep, List.of());
    assertThat(decision.problem()).isNull();
    assertThat(indexes(decision.toCreate())).containsExactly(0);
  }

  @Test
  void aMegabyteQuotedInAProblemNeverReachesTheCondition() {
    TrainingSweep sweep = grid(4, 1, 1);
    SweepDecision refused =
        SweepDecision.cannotGoOn(
            List.of(), 0, Reasons.INVALID_PARAMETER, "run x is refused: " + "z".repeat(1 << 20));
    writeStatus(sweep, refused);
    TrainingSweepStatus status = sweep.getStatus();
    String message =
        status.conditions.stream()
            .filter(c -> ConditionTypes.FAILED.equals(c.getType()))
            .findFirst()
            .orElseThrow()
            .getMessage();
    assertThat(message).startsWith("run x is refused: zzz").endsWith("…");
    assertThat(message.length()).isLessThanOrEqualTo(BoundedText.MESSAGE);
  }
}
