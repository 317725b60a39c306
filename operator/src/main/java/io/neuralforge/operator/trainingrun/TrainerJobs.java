package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.api.v1alpha1.ConditionTypes;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import java.util.LinkedHashMap;
import java.util.function.UnaryOperator;

/** The operator's writes to a run's Job: stopping it, suspending and resuming it. */
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
          j.getMetadata().setAnnotations(annotations);
          j.getSpec().setSuspend(true);
          return j;
        });
  }

  /**
   * runPolicy.suspend reaches the Job; a Job under Kueue is Kueue's to suspend and resume, and a
   * Job the operator stopped stays stopped, so both are left alone.
   */
  static void syncSuspend(KubernetesClient client, TrainingRun run, Job job) {
    if (RunLabels.queueName(run) != null || JobReading.stopped(job)) {
      return;
    }
    boolean wanted =
        run.getSpec().runPolicy != null && Boolean.TRUE.equals(run.getSpec().runPolicy.suspend);
    if (wanted != Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      edit(
          client,
          job,
          j -> {
            j.getSpec().setSuspend(wanted);
            return j;
          });
    }
  }

  private static void edit(KubernetesClient client, Job job, UnaryOperator<Job> change) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(job.getMetadata().getNamespace())
        .withName(job.getMetadata().getName())
        .edit(change);
  }
}
