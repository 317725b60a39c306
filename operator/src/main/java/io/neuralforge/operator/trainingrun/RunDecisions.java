package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.operator.status.Timestamps;
import io.neuralforge.operator.status.Unreadable;
import io.neuralforge.operator.trainingrun.budget.GpuBudgets;
import io.neuralforge.operator.trainingrun.budget.GpuLedger;
import io.neuralforge.operator.trainingrun.objects.GpuPlacement;
import io.neuralforge.operator.trainingrun.objects.TrainingRunObjects;
import io.neuralforge.operator.trainingrun.reading.ArchitectureReadiness;
import io.neuralforge.operator.trainingrun.reading.PodReading;
import io.neuralforge.operator.trainingrun.reading.RunSnapshot;
import io.neuralforge.operator.trainingrun.reading.TrainerPodState;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * The one decision of a reconcile, from the gathered facts: whether the run starts now, what its
 * Job needs (suspending, stopping, removing), its status, and when time alone will change it. Pure.
 */
final class RunDecisions {
  private static final Duration NAME_TAKEN_RETRY = Duration.ofSeconds(5);

  private RunDecisions() {}

  static RunDecision decide(RunFacts f) {
    TrainingRun run = f.run();
    if (Unreadable.is(run)) {
      // its Job, if any, is left as it is: nothing here can say what the run asks of it
      return new RunDecision(
          RunStatusBuilder.unrunnable(run, Reasons.UNREADABLE, Unreadable.message(run), f.now()),
          null,
          false,
          null,
          false,
          false,
          null);
    }
    TrainingRunStatus previous = run.getStatus();
    ArchitectureReadiness readiness =
        ArchitectureReadiness.of(run.getSpec().architectureRef.name, f.architecture());
    Job job = f.job();
    // without its Job, the status is the only record of a start or an end
    boolean started = previous != null && Timestamps.parse(previous.startTime) != null;
    boolean finished = previous != null && Phases.isTerminal(previous.phase);
    String overBudget = null;
    TrainingRunObjects start = null;
    boolean reserveFirst = false;
    if (job == null && !started && !finished && readiness.ready()) {
      GpuBudgets.Admission admission =
          f.ledger() == null || GpuPlacement.gpus(run) == 0 ? null : admission(f, f.ledger());
      overBudget = admission == null ? null : admission.waitReason();
      if (overBudget == null) {
        start = TrainingRunObjects.build(run, f.architecture(), f.settings());
        if (admission != null && admission.deadlineSeconds() != null) {
          // no longer than what is left of the budget for its GPUs
          start.job().getSpec().setActiveDeadlineSeconds(admission.deadlineSeconds());
        }
        reserveFirst = admission != null && admission.reserve();
      }
    }
    // a run that starts now is described by the Job it is about to create
    Job described = start != null ? start.job() : job;
    RunSnapshot snapshot = RunSnapshot.of(described, previous);
    RunStatusBuilder.Observation observed =
        RunStatusBuilder.build(
            new RunStatusBuilder.Facts(
                run,
                readiness,
                snapshot.graphHash(),
                snapshot.name(),
                described,
                f.pods(),
                f.ledger() == null
                    ? 0.0
                    : Math.round(f.ledger().usedBy(run.getMetadata().getUid(), f.now()) * 1e4)
                        / 1e4,
                f.podRefusal(),
                overBudget,
                f.queueMessage(),
                f.settings(),
                f.now()));
    TrainingRunStatus status = observed.status();
    Duration ttlLeft = TrainerJobs.ttlLeft(run, status, job, f.now());
    return new RunDecision(
        status,
        start,
        reserveFirst,
        job == null || Phases.isTerminal(status.phase) ? null : TrainerJobs.suspension(run, job),
        job != null && observed.stopReason() != null,
        ttlLeft != null && ttlLeft.isZero(),
        earliest(
            f.now(),
            ttlLeft == null || ttlLeft.isZero() ? null : f.now().plus(ttlLeft),
            overBudget == null ? null : GpuBudgets.nextMonth(f.now()),
            pendingDeadline(f, status)));
  }

  /**
   * The run could not start because another owner's object holds a name it needs (see {@link
   * io.neuralforge.operator.workload.NameTakenException}): it waits, and looks again soon, since
   * nothing it watches tells when the garbage collector is done.
   */
  static RunDecision nameTaken(RunFacts f, String message) {
    return new RunDecision(
        RunStatusBuilder.waiting(f.run(), Reasons.NAME_TAKEN, message, f.now()),
        null,
        false,
        null,
        false,
        false,
        NAME_TAKEN_RETRY);
  }

  /**
   * Whether the GPU run may start under its namespace's GPU-hour budget, by {@code ledger}, and for
   * how long.
   */
  static GpuBudgets.Admission admission(RunFacts f, GpuLedger ledger) {
    var policy = f.run().getSpec().runPolicy;
    return GpuBudgets.admit(
        f.namespace(),
        ledger,
        f.run().getMetadata().getUid(),
        GpuPlacement.gpus(f.run()),
        policy == null ? null : policy.activeDeadlineSeconds,
        f.now());
  }

  /** When the newest pod of a pending run passes its pending deadline; null when none waits. */
  private static Instant pendingDeadline(RunFacts f, TrainingRunStatus status) {
    Pod pod = TrainerPodState.newest(f.pods());
    if (!Phases.PENDING.equals(status.phase)
        || pod == null
        || pod.getStatus() == null
        || !Phases.PENDING.equals(pod.getStatus().getPhase())) {
      return null;
    }
    return PodReading.PendingDeadline.due(f.run(), pod, f.settings(), f.now());
  }

  private static Duration earliest(Instant now, Instant... times) {
    return Stream.of(times)
        .filter(t -> t != null)
        .min(Instant::compareTo)
        .map(t -> now.isBefore(t) ? Duration.between(now, t) : Duration.ofSeconds(1))
        .orElse(null);
  }
}
