package io.neuralforge.operator.trainingrun.reading;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.RunFailure;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.status.JobConditions;
import io.neuralforge.operator.status.Verdict;
import io.neuralforge.operator.trainingrun.objects.RunLabels;

/** What a run's trainer Job says of it: stopped by the operator, finished, or suspended. */
public final class JobReading {
  /** On a Job the operator stopped: why, so that the run stays Failed. */
  public static final String STOPPED_REASON = "neuralforge.io/stopped-reason";

  public static final String STOPPED_MESSAGE = "neuralforge.io/stopped-message";

  /**
   * When the operator stopped it: the run's completionTime, read from what the tenant cannot edit.
   */
  public static final String STOPPED_AT = "neuralforge.io/stopped-at";

  private JobReading() {}

  /**
   * The verdict the Job gives, its failure told by the trainer's latest failed attempt, a queued
   * Job's wait in Kueue's words; null while it is active (the pod tells more).
   */
  public static Verdict read(TrainingRun run, Job job, RunFailure failure, String queueMessage) {
    if (stopped(job)) {
      var annotations = job.getMetadata().getAnnotations();
      return Verdict.ended(
          Phases.FAILED,
          annotations.get(STOPPED_REASON),
          annotations.get(STOPPED_MESSAGE),
          annotations.get(STOPPED_AT));
    }
    JobCondition complete = JobConditions.holding(job, JobConditions.COMPLETE);
    if (complete != null) {
      // asked to stop, it ended before its last epoch: the request's message says why
      int trained = RunEpochs.trained(run);
      int planned = RunEpochs.planned(run);
      boolean early = RunEpochs.stopRequested(run) && trained < planned;
      return Verdict.ended(
          Phases.SUCCEEDED,
          early ? Reasons.EARLY_STOPPED : Reasons.TRAINING_SUCCEEDED,
          early
              ? "stopped after epoch "
                  + trained
                  + " of "
                  + planned
                  + ": "
                  + run.getSpec().runPolicy.stop.message
              : "the trainer finished",
          complete.getLastTransitionTime());
    }
    JobCondition failed = JobConditions.holding(job, JobConditions.FAILED);
    if (failed != null) {
      // the trainer's own finding outranks the Job's "PodFailurePolicy": it says what to fix
      boolean noGpu = failure != null && Reasons.GPU_UNAVAILABLE.equals(failure.reason);
      return Verdict.ended(
          Phases.FAILED,
          noGpu ? Reasons.GPU_UNAVAILABLE : failed.getReason(),
          failure == null ? failed.getMessage() : TrainerFailures.describe(failure, job),
          failed.getLastTransitionTime());
    }
    if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      String queue = RunLabels.queueName(run);
      return queue == null
          ? Verdict.of(Phases.SUSPENDED, Reasons.RUN_SUSPENDED, "spec.runPolicy.suspend is true")
          : Verdict.of(
              Phases.PENDING,
              Reasons.QUEUED,
              "waiting for Kueue to admit the run from queue "
                  + queue
                  + (queueMessage == null ? "" : ": " + queueMessage));
    }
    return null;
  }

  public static boolean stopped(Job job) {
    var annotations = job.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(STOPPED_REASON);
  }
}
