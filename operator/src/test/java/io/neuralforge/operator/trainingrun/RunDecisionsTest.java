package io.neuralforge.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.ArchitectureStatus;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.trainingrun.budget.GpuBudgets;
import io.neuralforge.operator.trainingrun.budget.GpuLedger;
import io.neuralforge.operator.trainingrun.kueue.QueueMessages;
import io.neuralforge.operator.trainingrun.objects.TrainerJobBuilder;
import io.neuralforge.operator.trainingrun.objects.TrainerJobBuilderTest;
import io.neuralforge.operator.trainingrun.reading.PodRefusals;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one decision of a run's reconcile, from facts alone: what it does and when it looks again.
 */
class RunDecisionsTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final GpuLedger LEDGER = GpuLedger.empty("team-a");

  private static Architecture validArchitecture() throws IOException {
    Architecture a;
    try (InputStream in =
        Files.newInputStream(Path.of("../examples/architectures/lenet-bn.yaml"))) {
      a = Serialization.unmarshal(in, Architecture.class);
    }
    a.getMetadata().setNamespace("team-a");
    a.getMetadata().setGeneration(1L);
    a.setStatus(new ArchitectureStatus());
    a.getStatus().observedGeneration = 1L;
    a.getStatus().phase = "Valid";
    a.getStatus().graphHash = "sha256:00";
    return a;
  }

  /** The run's namespace with a GPU-hour budget of {@code hours}. */
  private static Namespace budgeted(String hours) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName("team-a")
        .addToAnnotations(GpuBudgets.ANNOTATION, hours)
        .endMetadata()
        .build();
  }

  private static RunFacts facts(
      TrainingRun run, Architecture a, Job job, List<Pod> pods, Namespace ns, String refusal) {
    return new RunFacts(
        run, a, job, pods, ns, LEDGER, refusal, null, OperatorSettings.defaults(), NOW);
  }

  private static Job job(boolean suspended) {
    return job(TrainerJobBuilderTest.run(""), suspended);
  }

  /** The trainer Job of {@code run} as the API server has it: with uid and creation time. */
  private static Job job(TrainingRun run, boolean suspended) {
    Job built =
        TrainerJobBuilder.build(
            run, "r1-graph-0123456789", "sha256:0123456789ab", OperatorSettings.defaults());
    return new JobBuilder(built)
        .editMetadata()
        .withUid("job-uid-1")
        .withCreationTimestamp("2026-11-22T11:00:00Z")
        .endMetadata()
        .editSpec()
        .withSuspend(suspended)
        .endSpec()
        .build();
  }

  private static String reason(RunDecision d, String type) {
    return d.status().conditions.stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow()
        .getReason();
  }

  @Test
  void aRunWithAValidArchitectureStartsNowAndIsDescribedByTheJobItCreates() throws IOException {
    TrainingRun run = TrainerJobBuilderTest.run("");
    RunDecision d =
        RunDecisions.decide(facts(run, validArchitecture(), null, List.of(), null, null));
    assertThat(d.start()).isNotNull();
    assertThat(d.status().jobName).isEqualTo(d.start().job().getMetadata().getName());
    assertThat(d.status().reproducibility.architectureSnapshot)
        .isEqualTo(d.start().snapshot().getMetadata().getName());
    assertThat(d.lookAgainIn()).as("the Job's and its pods' watches say what comes next").isNull();
  }

  @Test
  void aQueuedJobWithoutAPodIsNeverPolled() {
    TrainingRun run = TrainerJobBuilderTest.run("");
    run.getMetadata().setLabels(Map.of(Labels.KUEUE_QUEUE, "gpus"));
    RunDecision d =
        RunDecisions.decide(
            new RunFacts(
                run,
                null,
                job(true),
                List.of(),
                null,
                LEDGER,
                null,
                "couldn't assign flavors: insufficient quota",
                OperatorSettings.defaults(),
                NOW));
    assertThat(reason(d, "Scheduled")).isEqualTo(Reasons.QUEUED);
    assertThat(d.start()).isNull();
    assertThat(d.suspend()).as("Kueue's to suspend and resume").isNull();
    assertThat(d.lookAgainIn()).isNull();
  }

  @Test
  void aPendingPodIsLookedAtAgainRightAfterItsDeadline() {
    TrainingRun run = TrainerJobBuilderTest.run("  runPolicy: {pendingDeadlineSeconds: 600}\n");
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("r1-trainer-x")
            .withCreationTimestamp("2026-11-22T11:55:00Z")
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .withNewStatus()
            .withPhase("Pending")
            .endStatus()
            .build();
    RunDecision d =
        RunDecisions.decide(facts(run, null, job(run, false), List.of(pod), null, null));
    assertThat(d.lookAgainIn()).isEqualTo(Duration.ofSeconds(301));
  }

  @Test
  void aRefusedPodIsToldWithoutLookingAgain() {
    TrainingRun run = TrainerJobBuilderTest.run("");
    RunDecision d =
        RunDecisions.decide(
            facts(run, null, job(false), List.of(), null, "exceeded quota: compute, requested: 8"));
    assertThat(reason(d, "Scheduled")).isEqualTo(Reasons.QUOTA_EXCEEDED);
    assertThat(d.lookAgainIn()).isNull();
  }

  @Test
  void aGpuRunOverItsNamespacesBudgetWaitsUntilTheMonthTurns() throws IOException {
    TrainingRun run = TrainerJobBuilderTest.run("  resources: {gpu: {type: t4}}\n");
    Namespace ns = budgeted("0");
    RunDecision d = RunDecisions.decide(facts(run, validArchitecture(), null, List.of(), ns, null));
    assertThat(d.start()).isNull();
    assertThat(reason(d, "Scheduled")).isEqualTo(Reasons.GPU_BUDGET_EXHAUSTED);
    assertThat(NOW.plus(d.lookAgainIn())).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
  }

  @Test
  void aGpuRunUnderABudgetGetsADeadlineNoLongerThanWhatIsLeftAndReservesItFirst()
      throws IOException {
    TrainingRun run = TrainerJobBuilderTest.run("  resources: {gpu: {type: t4, count: 2}}\n");
    Namespace ns = budgeted("1");
    RunDecision d = RunDecisions.decide(facts(run, validArchitecture(), null, List.of(), ns, null));
    assertThat(d.reserveFirst()).isTrue();
    assertThat(d.start().job().getSpec().getActiveDeadlineSeconds()).isEqualTo(1800L);
  }

  @Test
  void aRunsGpuHoursAreWhatTheLedgerRecordedForItsPodsNotWhatItsStatusSays() {
    TrainingRun run = TrainerJobBuilderTest.run("  resources: {gpu: {type: t4}}\n");
    run.setStatus(new io.neuralforge.api.v1alpha1.TrainingRunStatus());
    run.getStatus().gpuHours = 0.0; // written with the trainer's token
    run.getStatus().startTime = "2026-11-22T11:00:00Z";
    Instant start = NOW.minus(Duration.ofHours(1));
    GpuLedger ledger =
        new GpuLedger(
            "team-a",
            Map.of("pod-1", new GpuLedger.PodHours("r1", "0000-1111", "t4", 1, start, null)),
            Map.of(),
            Map.of());
    RunDecision d =
        RunDecisions.decide(facts(run, null, job(false), List.of(), null, null).withLedger(ledger));
    assertThat(d.status().gpuHours).isEqualTo(1.0);
  }

  @Test
  void runPolicySuspendReachesTheJobOnce() {
    TrainingRun run = TrainerJobBuilderTest.run("  runPolicy: {suspend: true}\n");
    assertThat(RunDecisions.decide(facts(run, null, job(false), List.of(), null, null)).suspend())
        .isTrue();
    assertThat(RunDecisions.decide(facts(run, null, job(true), List.of(), null, null)).suspend())
        .isNull();
  }

  @Test
  void onlyTheJobsOwnRefusalsAndItsWorkloadsQuotaConditionCount() {
    Job job = job(false);
    var ours =
        new EventBuilder()
            .withNewInvolvedObject()
            .withUid("job-uid-1")
            .endInvolvedObject()
            .withMessage("Error creating: pods \"r1-trainer-x\" is forbidden: exceeded quota: q")
            .withLastTimestamp("2026-11-22T11:59:00Z")
            .build();
    var earlierJob =
        new EventBuilder(ours)
            .editInvolvedObject()
            .withUid("job-uid-0")
            .endInvolvedObject()
            .withMessage("Error creating: pods \"r1-trainer-y\" is forbidden: by a webhook")
            .withLastTimestamp("2026-11-22T11:59:30Z")
            .build();
    assertThat(PodRefusals.latest(List.of(ours, earlierJob), job)).isEqualTo("exceeded quota: q");

    GenericKubernetesResource workload = new GenericKubernetesResource();
    workload.setAdditionalProperty(
        "status",
        Map.of(
            "conditions",
            List.of(
                Map.of("type", "QuotaReserved", "status", "False", "message", "insufficient"))));
    assertThat(QueueMessages.of(List.of(workload))).isEqualTo("insufficient");
    assertThat(QueueMessages.of(List.of())).isNull();
  }

  @Test
  void aForgedSucceededNeitherStopsNorRemovesTheJobAndSuspendStillReachesIt() {
    TrainingRun run =
        TrainerJobBuilderTest.run("  runPolicy: {suspend: true, ttlSecondsAfterFinished: 0}\n");
    var forged = new io.neuralforge.api.v1alpha1.TrainingRunStatus();
    forged.phase = "Succeeded";
    forged.completionTime = "2020-01-01T00:00:00Z";
    run.setStatus(forged);
    RunDecision d = RunDecisions.decide(facts(run, null, job(run, false), List.of(), null, null));
    assertThat(d.stop()).isFalse();
    assertThat(d.deleteJob()).isFalse();
    assertThat(d.suspend()).isTrue();
    assertThat(d.status().phase).isEqualTo("Pending");
    assertThat(d.status().completionTime).isNull();
  }

  @Test
  void anUnreadableCompletionTimeOnAStoppedJobNeverThrows() {
    TrainingRun run = TrainerJobBuilderTest.run("  runPolicy: {ttlSecondsAfterFinished: 600}\n");
    var forged = new io.neuralforge.api.v1alpha1.TrainingRunStatus();
    forged.phase = "Failed";
    forged.completionTime = "garbage";
    run.setStatus(forged);
    Job stopped = job(true);
    stopped
        .getMetadata()
        .getAnnotations()
        .putAll(
            Map.of(
                io.neuralforge.operator.trainingrun.reading.JobReading.STOPPED_REASON,
                "ImagePullFailed",
                io.neuralforge.operator.trainingrun.reading.JobReading.STOPPED_MESSAGE,
                "cannot pull",
                io.neuralforge.operator.trainingrun.reading.JobReading.STOPPED_AT,
                "2026-11-22T11:55:00Z"));
    RunDecision d = RunDecisions.decide(facts(run, null, stopped, List.of(), null, null));
    assertThat(d.status().phase).isEqualTo("Failed");
    assertThat(d.status().completionTime).as("the Job's record").isEqualTo("2026-11-22T11:55:00Z");
    assertThat(d.lookAgainIn()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aNameAnotherOwnersObjectHoldsMakesTheRunWaitAndLookAgainSoon() {
    TrainingRun run = TrainerJobBuilderTest.run("");
    RunDecision d =
        RunDecisions.nameTaken(
            facts(run, null, null, List.of(), null, null),
            "ConfigMap team-a/r1-graph-0123456789 exists but belongs to another owner");
    assertThat(d.status().phase).isEqualTo("Pending");
    assertThat(reason(d, "Running")).isEqualTo(Reasons.NAME_TAKEN);
    assertThat(d.start()).isNull();
    assertThat(d.lookAgainIn()).isEqualTo(Duration.ofSeconds(5));
  }
}
