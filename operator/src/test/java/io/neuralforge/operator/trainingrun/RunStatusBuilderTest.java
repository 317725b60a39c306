package io.neuralforge.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.trainingrun.objects.TrainerJobBuilderTest;
import io.neuralforge.operator.trainingrun.reading.ArchitectureReadiness;
import io.neuralforge.operator.trainingrun.reading.JobReading;
import io.neuralforge.operator.trainingrun.reading.PodRefusals;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunStatusBuilderTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final ArchitectureReadiness READY =
      new ArchitectureReadiness(true, Reasons.ARCHITECTURE_VALID, "Architecture lenet-bn is Valid");

  private static TrainingRun run() {
    TrainingRun run =
        TrainerJobBuilderTest.run(
            "  resources: {gpu: {type: t4, count: 2}}\n  runPolicy: {pendingDeadlineSeconds: 600}\n");
    run.getMetadata().setGeneration(1L);
    return run;
  }

  private static Job job(String... conditionTypeAndReason) {
    JobBuilder job =
        new JobBuilder()
            .withNewMetadata()
            .withName("r1-trainer")
            .withCreationTimestamp("2026-11-22T10:00:00Z")
            .endMetadata()
            .withNewSpec()
            .withSuspend(false)
            .endSpec()
            .withNewStatus()
            .withFailed(0)
            .endStatus();
    if (conditionTypeAndReason.length > 0) {
      job.editStatus()
          .addNewCondition()
          .withType(conditionTypeAndReason[0])
          .withStatus("True")
          .withReason(conditionTypeAndReason[1])
          .withMessage("Job has reached the specified backoff limit")
          .withLastTransitionTime("2026-11-22T11:00:00Z")
          .endCondition()
          .endStatus();
    }
    return job.build();
  }

  private static PodBuilder pod(String phase, String created) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("r1-trainer-abcde")
        .withCreationTimestamp(created)
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .endStatus();
  }

  /** A pod the scheduler could not place, created at {@code created}. */
  private static Pod unschedulable(String created) {
    return pod("Pending", created)
        .editStatus()
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("False")
        .withReason("Unschedulable")
        .withMessage("0/3 nodes are available: 1 Insufficient nvidia.com/gpu.")
        .endCondition()
        .endStatus()
        .build();
  }

  private static RunStatusBuilder.Observation observe(TrainingRun run, Job job, List<Pod> pods) {
    return RunStatusBuilder.build(
        new RunStatusBuilder.Facts(
            run,
            READY,
            "sha256:abc",
            "r1-graph-abc",
            job,
            pods,
            0.0,
            null,
            null,
            null,
            OperatorSettings.defaults(),
            NOW));
  }

  private static Condition condition(TrainingRunStatus s, String type) {
    return s.conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void aMissingArchitectureKeepsTheRunPendingAndSaysWhy() {
    var waiting = ArchitectureReadiness.of("lenet-bn", null);
    TrainingRunStatus s =
        RunStatusBuilder.build(
                new RunStatusBuilder.Facts(
                    run(),
                    waiting,
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
    assertThat(s.phase).isEqualTo("Pending");
    assertThat(condition(s, "ArchitectureReady").getStatus()).isEqualTo("False");
    assertThat(condition(s, "ArchitectureReady").getReason()).isEqualTo("ArchitectureNotFound");
    assertThat(condition(s, "ArchitectureReady").getMessage()).contains("lenet-bn");
    assertThat(condition(s, "ArchitectureReady").getObservedGeneration()).isEqualTo(1L);
    assertThat(s.reproducibility).isNull();
    assertThat(s.gpu).isEqualTo("2x t4");
  }

  @Test
  void anUnschedulablePodShowsTheSchedulersMessage() {
    Pod pod = unschedulable("2026-11-22T11:58:00Z");
    var o = observe(run(), job(), List.of(pod));
    assertThat(o.status().phase).isEqualTo("Pending");
    assertThat(condition(o.status(), "Scheduled").getReason()).isEqualTo("Unschedulable");
    assertThat(condition(o.status(), "Scheduled").getMessage())
        .contains("Insufficient nvidia.com/gpu");
    assertThat(o.stopReason()).isNull();
  }

  @Test
  void aPodPendingPastItsDeadlineFailsTheRun() {
    Pod pod = unschedulable("2026-11-22T11:49:00Z");
    var o = observe(run(), job(), List.of(pod));
    assertThat(o.status().phase).isEqualTo("Failed");
    assertThat(condition(o.status(), "Failed").getReason()).isEqualTo("PendingDeadlineExceeded");
    assertThat(condition(o.status(), "Failed").getMessage())
        .contains("600 s")
        .contains("Insufficient nvidia.com/gpu");
    assertThat(o.stopReason()).isEqualTo("PendingDeadlineExceeded");
    assertThat(o.status().completionTime).isEqualTo(NOW.toString());
  }

  @Test
  void anImageThatCannotBePulledFailsTheRunAtOnce() {
    Pod pod =
        pod("Pending", "2026-11-22T11:59:00Z")
            .editSpec()
            .withNodeName("gpu-t4-0")
            .endSpec()
            .editStatus()
            .addNewContainerStatus()
            .withName("trainer")
            .withImage("registry.example/trainer:typo")
            .withNewState()
            .withNewWaiting()
            .withReason("ImagePullBackOff")
            .withMessage("Back-off pulling image")
            .endWaiting()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();
    var o = observe(run(), job(), List.of(pod));
    assertThat(o.status().phase).isEqualTo("Failed");
    assertThat(condition(o.status(), "Failed").getReason()).isEqualTo("ImagePullFailed");
    assertThat(condition(o.status(), "Failed").getMessage())
        .contains("registry.example/trainer:typo");
    assertThat(o.stopReason()).isNotNull();
  }

  @Test
  void theJobsOutcomeIsTheRunsOutcome() {
    var succeeded = observe(run(), job("Complete", "CompletionsReached"), List.of()).status();
    assertThat(succeeded.phase).isEqualTo("Succeeded");
    assertThat(succeeded.completionTime).isEqualTo("2026-11-22T11:00:00Z");
    assertThat(condition(succeeded, "Succeeded").getStatus()).isEqualTo("True");
    assertThat(condition(succeeded, "Running").getStatus()).isEqualTo("False");
    var failed = observe(run(), job("Failed", "BackoffLimitExceeded"), List.of()).status();
    assertThat(failed.phase).isEqualTo("Failed");
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(failed.startTime).isEqualTo("2026-11-22T10:00:00Z");
  }

  @Test
  void aRunAskedToStopThatEndedBeforeItsLastEpochSucceedsAsEarlyStoppedWithTheRequestsMessage() {
    TrainingRun run = run();
    run.getSpec().runPolicy.stop =
        new io.neuralforge.api.v1alpha1.RunStopRequest(
            "validationAccuracy 0.41 at epoch 2 below the median 0.88 of 4 finished runs");
    run.setStatus(new io.neuralforge.api.v1alpha1.TrainingRunStatus());
    run.getStatus().history = new java.util.ArrayList<>();
    for (int e = 1; e <= 3; e++) {
      var p = new io.neuralforge.api.v1alpha1.HistoryPoint();
      p.epoch = e;
      run.getStatus().history.add(p);
    }
    var stopped = observe(run, job("Complete", "CompletionsReached"), List.of()).status();
    assertThat(stopped.phase).isEqualTo("Succeeded");
    assertThat(condition(stopped, "Succeeded").getReason()).isEqualTo("EarlyStopped");
    assertThat(condition(stopped, "Succeeded").getMessage())
        .isEqualTo(
            "stopped after epoch 3 of 10: validationAccuracy 0.41 at epoch 2 below the median"
                + " 0.88 of 4 finished runs");
    // asked too late: it trained every epoch, and simply succeeded
    for (int e = 4; e <= 10; e++) {
      var p = new io.neuralforge.api.v1alpha1.HistoryPoint();
      p.epoch = e;
      run.getStatus().history.add(p);
    }
    var finished = observe(run, job("Complete", "CompletionsReached"), List.of()).status();
    assertThat(condition(finished, "Succeeded").getReason()).isEqualTo("TrainingSucceeded");
  }

  /** A trainer pod whose container ended with {@code exitCode} and what the kubelet kept of it. */
  private static Pod ended(String name, String created, int exitCode, String reason, String said) {
    return pod("Failed", created)
        .editMetadata()
        .withName(name)
        .endMetadata()
        .editStatus()
        .addNewContainerStatus()
        .withName("trainer")
        .withNewState()
        .withNewTerminated()
        .withExitCode(exitCode)
        .withReason(reason)
        .withMessage(said)
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  @Test
  void aFailedRunSaysHowItsTrainerLastEndedAsTheKubeletReportedIt() {
    Job job = job("Failed", "BackoffLimitExceeded");
    job.getSpec().setBackoffLimit(2);
    job.getSpec()
        .setTemplate(
            new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
                .withNewSpec()
                .addNewContainer()
                .withName("trainer")
                .withNewResources()
                .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build());
    Pod first =
        ended("r1-trainer-a", "2026-11-22T10:00:00Z", 3, "Error", "a dataset read failed\n");
    // no termination message of its own: the kubelet kept the log's last lines
    Pod second =
        ended(
            "r1-trainer-b",
            "2026-11-22T10:05:00Z",
            137,
            "OOMKilled",
            "epoch 1 done\nepoch 2 ...\n");

    var failed = observe(run(), job, List.of(second, first)).status();

    assertThat(failed.failure.reason).isEqualTo("OOMKilled");
    assertThat(failed.failure.exitCode).isEqualTo(137);
    assertThat(failed.failure.attempt).isEqualTo(2);
    assertThat(failed.failure.message).isEqualTo("epoch 2 ...");
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("BackoffLimitExceeded");
    assertThat(condition(failed, "Failed").getMessage())
        .isEqualTo(
            "trainer exited 137 (OOMKilled) on attempt 2 of 3; memory limit 1Gi: epoch 2 ...");
  }

  @Test
  void aTrainerThatSeesNoGpuFailsTheRunWithGpuUnavailableAndItsOwnWords() {
    Job job = job("Failed", "PodFailurePolicy");
    job.getSpec().setBackoffLimit(2);
    String said =
        "neuralforge: TrainingRun r1: asked for 2x t4; the engine sees 0 GPUs: no NVIDIA driver"
            + " in the container (libcuda.so.1 not found)";
    Pod only = ended("r1-trainer-a", "2026-11-22T10:00:00Z", 4, "Error", said + "\n");

    var failed = observe(run(), job, List.of(only)).status();

    assertThat(failed.phase).isEqualTo("Failed");
    assertThat(failed.failure.reason).isEqualTo(Reasons.GPU_UNAVAILABLE);
    assertThat(failed.failure.exitCode).isEqualTo(4);
    assertThat(failed.failure.attempt).isEqualTo(1);
    assertThat(failed.failure.message).isEqualTo(said);
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("GPUUnavailable");
    assertThat(condition(failed, "Failed").getMessage())
        .isEqualTo("trainer exited 4 (GPUUnavailable) on attempt 1 of 3: " + said);
    // the image the Job runs is the one the run says it ran
    assertThat(failed.reproducibility.trainerImage).isEqualTo("neuralforge/trainer:0.1.0-cuda");
  }

  @Test
  void aPodTheApiServerRefusesMakesThePendingReasonAndMessage() {
    String refusal =
        PodRefusals.refusal(
            "Error creating: pods \"r1-trainer-x\" is forbidden: exceeded quota: no-pods,"
                + " requested: pods=1, used: pods=0, limited: pods=0");
    var status =
        RunStatusBuilder.build(
                new RunStatusBuilder.Facts(
                    run(),
                    READY,
                    "sha256:abc",
                    "r1-graph-abc",
                    job(),
                    List.of(),
                    0.0,
                    refusal,
                    null,
                    null,
                    OperatorSettings.defaults(),
                    NOW))
            .status();
    assertThat(status.phase).isEqualTo("Pending");
    assertThat(condition(status, "Scheduled").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Scheduled").getReason()).isEqualTo("QuotaExceeded");
    assertThat(condition(status, "Scheduled").getMessage())
        .isEqualTo(
            "the API server refuses the trainer pod: exceeded quota: no-pods, requested: pods=1,"
                + " used: pods=0, limited: pods=0");
  }

  @Test
  void anEvictedPodIsTheFailureEvenThoughItsContainerSaysLittle() {
    Pod evicted =
        pod("Failed", "2026-11-22T10:00:00Z")
            .editStatus()
            .withReason("Evicted")
            .withMessage("The node was low on resource: memory.")
            .endStatus()
            .build();
    var status = observe(run(), job(), List.of(evicted)).status();
    assertThat(status.failure.reason).isEqualTo("Evicted");
    assertThat(status.failure.exitCode).isNull();
    assertThat(status.failure.attempt).isEqualTo(1);
    assertThat(status.failure.message).isEqualTo("The node was low on resource: memory.");
  }

  @Test
  void aRunningPodMakesARunningRunWithItsNode() {
    var s = observe(run(), job(), List.of(running())).status();
    assertThat(s.phase).isEqualTo("Running");
    assertThat(s.nodeName).isEqualTo("gpu-t4-0");
    assertThat(s.podName).isEqualTo("r1-trainer-abcde");
    assertThat(condition(s, "Scheduled").getStatus()).isEqualTo("True");
    assertThat(s.reproducibility.seed).isEqualTo(42L);
    assertThat(s.reproducibility.hyperparameters).containsEntry("epochs", 10);
  }

  @Test
  void aSuspendedJobIsASuspendedRunAndAQueuedOneWaitsForKueue() {
    Job suspended = job();
    suspended.getSpec().setSuspend(true);
    assertThat(observe(run(), suspended, List.of()).status().phase).isEqualTo("Suspended");
    TrainingRun queued = run();
    queued.getMetadata().setLabels(Map.of("kueue.x-k8s.io/queue-name", "gpus"));
    var s = observe(queued, suspended, List.of()).status();
    assertThat(s.phase).isEqualTo("Pending");
    assertThat(condition(s, "Scheduled").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Scheduled").getReason()).isEqualTo("Queued");
    assertThat(condition(s, "Scheduled").getMessage()).contains("queue gpus");
  }

  @Test
  void aFinishedRunWhoseJobAndPodsAreGoneKeepsTheStatusItEndedWith() {
    Pod done =
        pod("Succeeded", "2026-11-22T10:00:00Z")
            .editSpec()
            .withNodeName("gpu-t4-0")
            .endSpec()
            .build();
    TrainingRun run = run();
    run.setStatus(observe(run, job("Complete", "CompletionsReached"), List.of(done)).status());
    run.getMetadata().setGeneration(2L); // runPolicy.suspend toggled after the end
    var after = observe(run, null, List.of()).status();
    assertThat(after.phase).isEqualTo("Succeeded");
    assertThat(after.nodeName).isEqualTo("gpu-t4-0");
    assertThat(condition(after, "Scheduled").getStatus()).isEqualTo("True");
    assertThat(after.completionTime).isEqualTo(run.getStatus().completionTime);
    assertThat(after.observedGeneration).isEqualTo(2L);
    assertThat(after.conditions)
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(2L));
  }

  @Test
  void aJobDeletedMidRunFailsTheRunInsteadOfStartingAgain() {
    TrainingRun run = run();
    TrainingRunStatus running = new TrainingRunStatus();
    running.phase = "Running";
    running.startTime = "2026-11-22T10:00:00Z";
    running.jobName = "r1-trainer";
    run.setStatus(running);
    var s = observe(run, null, List.of()).status();
    assertThat(s.phase).isEqualTo("Failed");
    assertThat(condition(s, "Failed").getReason()).isEqualTo("JobDeleted");
    assertThat(condition(s, "Failed").getMessage()).contains("r1-trainer");
  }

  @Test
  void aRunStoppedByTheOperatorStaysFailedAndTransitionTimesHold() {
    Job stopped = job();
    stopped.getSpec().setSuspend(true);
    stopped
        .getMetadata()
        .setAnnotations(
            Map.of(
                JobReading.STOPPED_REASON,
                "ImagePullFailed",
                JobReading.STOPPED_MESSAGE,
                "cannot pull"));
    TrainingRun run = run();
    var first = observe(run, stopped, List.of()).status();
    assertThat(first.phase).isEqualTo("Failed");
    assertThat(condition(first, "Failed").getReason()).isEqualTo("ImagePullFailed");
    run.setStatus(first);
    var later =
        RunStatusBuilder.build(
                new RunStatusBuilder.Facts(
                    run,
                    READY,
                    "sha256:abc",
                    "r1-graph-abc",
                    stopped,
                    List.of(),
                    0.0,
                    null,
                    null,
                    null,
                    OperatorSettings.defaults(),
                    NOW.plusSeconds(3600)))
            .status();
    assertThat(later.phase).isEqualTo("Failed");
    assertThat(condition(later, "Failed").getLastTransitionTime())
        .isEqualTo(condition(first, "Failed").getLastTransitionTime());
    assertThat(later.completionTime).isEqualTo(first.completionTime);
  }

  /** A status as a tenant may write it with the trainer's token. */
  private static TrainingRunStatus forged(String phase, String startTime, String completionTime) {
    TrainingRunStatus s = new TrainingRunStatus();
    s.phase = phase;
    s.startTime = startTime;
    s.completionTime = completionTime;
    s.jobName = "r1-trainer";
    return s;
  }

  /** A trainer pod on gpu-t4-0, running since 10:30. */
  private static Pod running() {
    return pod("Running", "2026-11-22T10:00:00Z")
        .editSpec()
        .withNodeName("gpu-t4-0")
        .endSpec()
        .editStatus()
        .withStartTime("2026-11-22T10:30:00Z")
        .endStatus()
        .build();
  }

  @Test
  void aForgedTerminalPhaseIsCorrectedFromTheJobAndItsPod() {
    TrainingRun run = run();
    run.setStatus(forged("Succeeded", "2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z"));
    var o = observe(run, job(), List.of(running()));
    assertThat(o.status().phase).isEqualTo("Running");
    assertThat(o.status().completionTime).isNull();
    assertThat(condition(o.status(), "Succeeded").getStatus()).isEqualTo("False");
    assertThat(o.stopReason()).isNull();
    TrainingRun failedToo = run();
    failedToo.setStatus(forged("Failed", null, null));
    assertThat(observe(failedToo, job(), List.of(running())).status().phase).isEqualTo("Running");
  }

  @Test
  void aClearedOrUnreadableStartTimeIsTheJobsCreationTime() {
    for (String startTime : new String[] {null, "yesterday", "2026-13-45T99:00:00Z"}) {
      TrainingRun run = run();
      run.setStatus(forged("Running", startTime, null));
      assertThat(observe(run, job(), List.of(running())).status().startTime)
          .as("startTime %s", startTime)
          .isEqualTo("2026-11-22T10:00:00Z");
    }
  }

  @Test
  void anUnreadableCompletionTimeNeverThrowsAndTheJobsOwnTimeWins() {
    TrainingRun run = run();
    run.setStatus(forged("Succeeded", "2026-11-22T10:00:00Z", "\u0000 not a time"));
    var done = observe(run, job("Complete", "CompletionsReached"), List.of()).status();
    assertThat(done.completionTime).isEqualTo("2026-11-22T11:00:00Z");
    // a forged earlier completion does not move the Job's
    run.setStatus(forged("Succeeded", "2026-11-22T10:00:00Z", "2020-01-01T00:00:00Z"));
    assertThat(
            observe(run, job("Complete", "CompletionsReached"), List.of()).status().completionTime)
        .isEqualTo("2026-11-22T11:00:00Z");
  }

  @Test
  void withoutItsJobAnUnreadableStartTimeIsNoStart() {
    TrainingRun run = run();
    run.setStatus(forged("Running", "not-a-time", null));
    var s = observe(run, null, List.of()).status();
    assertThat(s.phase).isEqualTo("Pending");
    assertThat(condition(s, "Running").getReason()).isEqualTo(Reasons.JOB_CREATING);
    assertThat(s.startTime).isNull();
  }

  @Test
  void aSpecChangedAfterTheStartStopsTheRunAndNamesTheField() {
    // the Job as the operator made it for two T4s; the spec now asks for none
    Job started =
        io.neuralforge.operator.trainingrun.objects.TrainerJobBuilder.build(
            run(), "r1-graph-abc", "sha256:abc", OperatorSettings.defaults());
    started.getMetadata().setCreationTimestamp("2026-11-22T10:00:00Z");
    TrainingRun edited =
        TrainerJobBuilderTest.run(
            "  resources: {gpu: {type: none}}\n  runPolicy: {pendingDeadlineSeconds: 600}\n");
    edited.getMetadata().setGeneration(2L);
    edited.setStatus(forged("Running", null, null)); // startTime cleared to pass the CRD's rule
    var o = observe(edited, started, List.of(running()));
    assertThat(o.status().phase).isEqualTo("Failed");
    assertThat(o.stopReason()).isEqualTo(Reasons.SPEC_CHANGED);
    assertThat(condition(o.status(), "Failed").getMessage())
        .isEqualTo(
            "spec.resources changed after the run started (the trainer Job r1-trainer trains the"
                + " spec it started with); create a new TrainingRun to train the new spec");
    assertThat(observe(run(), started, List.of(running())).status().phase)
        .as("the spec it started with")
        .isEqualTo("Running");
  }
}
