package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import io.neuralforge.api.v1alpha1.ConditionTypes;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.operator.status.Timestamps;
import io.neuralforge.operator.trainingrun.objects.RunLabels;
import io.neuralforge.operator.trainingrun.reading.JobReading;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.function.UnaryOperator;

/** The operator's writes to a run's Job: stopping it, suspending and resuming it, removing it. */
final class TrainerJobs {
  private TrainerJobs() {}

  /**
   * Fails a run whose Job would not fail by itself: the Job is suspended, which removes its pod,
   * and keeps the reason in an annotation, so that the run stays Failed even if this status write
   * is lost.
   */
  static void stop(KubernetesClient client, Job job, TrainingRunStatus status) {
    var failed =
        status.conditions.stream()
            .filter(c -> c.getType().equals(ConditionTypes.FAILED))
            .findFirst()
            .orElseThrow();
    edit(
        client,
        job,
        j -> {
          var annotations = new LinkedHashMap<String, String>();
          if (j.getMetadata().getAnnotations() != null) {
            annotations.putAll(j.getMetadata().getAnnotations());
          }
          annotations.put(JobReading.STOPPED_REASON, failed.getReason());
          annotations.put(JobReading.STOPPED_MESSAGE, failed.getMessage());
          annotations.put(JobReading.STOPPED_AT, status.completionTime);
          j.getMetadata().setAnnotations(annotations);
          j.getSpec().setSuspend(true);
          return j;
        });
  }

  /**
   * The spec.suspend the Job should have when it differs from what it has, else null:
   * runPolicy.suspend reaches the Job; a Job under Kueue is Kueue's to suspend and resume, and a
   * Job the operator stopped stays stopped, so both are left alone.
   */
  static Boolean suspension(TrainingRun run, Job job) {
    if (RunLabels.queueName(run) != null || JobReading.stopped(job)) {
      return null;
    }
    boolean wanted =
        run.getSpec().runPolicy != null && Boolean.TRUE.equals(run.getSpec().runPolicy.suspend);
    return wanted == Boolean.TRUE.equals(job.getSpec().getSuspend()) ? null : wanted;
  }

  /** Suspends or resumes the Job. */
  static void suspend(KubernetesClient client, Job job, boolean suspend) {
    edit(
        client,
        job,
        j -> {
          j.getSpec().setSuspend(suspend);
          return j;
        });
  }

  /**
   * How long a finished run's Job the operator stopped has left before
   * runPolicy.ttlSecondsAfterFinished removes it (zero: now); null when that is not the operator's
   * to do: no TTL, not finished, or a Job that finished by itself, whose own
   * ttlSecondsAfterFinished the TTL controller applies.
   */
  static Duration ttlLeft(TrainingRun run, TrainingRunStatus status, Job job, Instant now) {
    var policy = run.getSpec().runPolicy;
    if (job == null
        || policy == null
        || policy.ttlSecondsAfterFinished == null
        || !Phases.isTerminal(status.phase)
        || Timestamps.parse(status.completionTime) == null
        || !JobReading.stopped(job)) {
      return null;
    }
    Instant due =
        Timestamps.parse(status.completionTime).plusSeconds(policy.ttlSecondsAfterFinished);
    return now.isBefore(due) ? Duration.between(now, due) : Duration.ZERO;
  }

  /** Deletes the Job and, in the background, its pods; the run and its status stay. */
  static void delete(KubernetesClient client, Job job) {
    the(client, job).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
  }

  private static void edit(KubernetesClient client, Job job, UnaryOperator<Job> change) {
    the(client, job).edit(change);
  }

  /** The Job as the API server has it, by namespace and name. */
  private static ScalableResource<Job> the(KubernetesClient client, Job job) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(job.getMetadata().getNamespace())
        .withName(job.getMetadata().getName());
  }
}
