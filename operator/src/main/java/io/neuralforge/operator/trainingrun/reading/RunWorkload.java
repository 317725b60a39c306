package io.neuralforge.operator.trainingrun.reading;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.trainingrun.objects.RunNames;
import io.neuralforge.operator.workload.Owners;
import java.util.Collection;
import java.util.List;

/**
 * A run's own Job and pods among those its informers mapped to it by name or label, which anyone in
 * the namespace can copy: the Job of the run's name that the run (by uid) controls, and the pods
 * that Job (by uid) controls. An earlier run's Job of the same name, or a co-tenant's pod carrying
 * our labels, is none of the run's. Pure.
 */
public final class RunWorkload {
  private RunWorkload() {}

  /** The run's trainer Job, or null. */
  public static Job job(TrainingRun run, Collection<Job> mapped) {
    String name = RunNames.job(run);
    return mapped.stream()
        .filter(j -> name.equals(j.getMetadata().getName()))
        .filter(j -> Owners.controlledBy(j, run.getMetadata().getUid()))
        .findFirst()
        .orElse(null);
  }

  /** The pods of the run's trainer Job; none without the Job. */
  public static List<Pod> pods(Job job, Collection<Pod> mapped) {
    if (job == null) {
      return List.of();
    }
    return mapped.stream().filter(p -> Owners.controlledBy(p, job.getMetadata().getUid())).toList();
  }
}
