package io.neuralforge.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.Reproducibility;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.status.PhaseChange;
import io.neuralforge.operator.trainingrun.objects.TrainerJobBuilder;
import io.neuralforge.operator.trainingrun.objects.TrainerJobBuilderTest;
import io.neuralforge.operator.trainingrun.reading.ArchitectureReadiness;
import io.neuralforge.operator.trainingrun.reading.RunSnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure pieces the TrainingRun reconciler sequences: events, snapshot, the unrunnable spec. */
class RunAnnouncementsTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  private static TrainingRunStatus observed(TrainingRun run, ArchitectureReadiness readiness) {
    return RunStatusBuilder.build(
            new RunStatusBuilder.Facts(
                run,
                readiness,
                null,
                null,
                null,
                List.of(),
                0.0,
                null,
                null,
                null,
                OperatorSettings.defaults(),
                NOW))
        .status();
  }

  @Test
  void aPhaseChangeIsAnnouncedWithItsConditionAndAFailureAsAWarning() {
    TrainingRun run = TrainerJobBuilderTest.run("");
    TrainingRunStatus failed =
        RunStatusBuilder.unrunnable(run, Reasons.INVALID_SPEC, "no labels for a10g", NOW);
    PhaseChange change = RunAnnouncements.change(null, failed).orElseThrow();
    assertThat(change.finished()).isTrue();
    var event = RunAnnouncements.of(change, failed).orElseThrow();
    assertThat(event.type()).isEqualTo("Warning");
    assertThat(event.reason()).isEqualTo(Reasons.INVALID_SPEC);
    assertThat(event.message()).isEqualTo("no labels for a10g");
    assertThat(RunAnnouncements.change(failed, failed)).isEmpty(); // unchanged: nothing to say
  }

  @Test
  void aPendingRunSaysWhatItWaitsForOnlyWhenItIsItsArchitecture() {
    TrainingRun run = TrainerJobBuilderTest.run("");
    var missing = observed(run, ArchitectureReadiness.of("lenet-bn", null)); // no Architecture yet
    var waiting =
        RunAnnouncements.of(RunAnnouncements.change(null, missing).orElseThrow(), missing);
    assertThat(waiting.orElseThrow().reason()).isEqualTo(Reasons.ARCHITECTURE_NOT_FOUND);
    var ready =
        observed(
            run, new ArchitectureReadiness(true, Reasons.ARCHITECTURE_VALID, "lenet-bn is Valid"));
    assertThat(RunAnnouncements.of(RunAnnouncements.change(null, ready).orElseThrow(), ready))
        .isEmpty(); // creating its Job: no event until something happens
  }

  @Test
  void aStartedRunTrainsTheSnapshotItsJobMountsElseTheOneItsStatusRecorded() {
    TrainingRun run = TrainerJobBuilderTest.run("");
    var job =
        new JobBuilder(TrainerJobBuilder.build(run, "lenet-bn-abc", "sha256:abc", settings()))
            .build();
    assertThat(RunSnapshot.of(job, null)).isEqualTo(new RunSnapshot("lenet-bn-abc", "sha256:abc"));
    TrainingRunStatus recorded = new TrainingRunStatus();
    recorded.reproducibility = new Reproducibility();
    recorded.reproducibility.architectureSnapshot = "lenet-bn-old";
    recorded.reproducibility.architectureGraphHash = "sha256:old";
    assertThat(RunSnapshot.of(null, recorded))
        .isEqualTo(new RunSnapshot("lenet-bn-old", "sha256:old")); // its Job is gone (TTL)
    assertThat(RunSnapshot.of(null, null)).isEqualTo(new RunSnapshot(null, null));
  }

  private static OperatorSettings settings() {
    return new OperatorSettings(null, null, null, null, null, null, null, null, null);
  }

  @Test
  void anUnrunnableSpecFailsTheRunAndKeepsWhatItHadRecorded() {
    TrainingRun run = TrainerJobBuilderTest.run("");
    run.getMetadata().setGeneration(3L);
    TrainingRunStatus before = new TrainingRunStatus();
    before.startTime = "2026-11-22T10:00:00Z";
    run.setStatus(before);
    TrainingRunStatus s = RunStatusBuilder.unrunnable(run, Reasons.INVALID_SPEC, "why", NOW);
    assertThat(s.phase).isEqualTo("Failed");
    assertThat(s.startTime).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(s.completionTime).isEqualTo(NOW.toString());
    assertThat(s.conditions)
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(3L))
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Failed");
              assertThat(c.getStatus()).isEqualTo("True");
            });
  }
}
