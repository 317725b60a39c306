package io.neuralforge.operator.status;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

/**
 * The Job controller's own conditions on a Job, as both kinds of Job the operator runs read them.
 */
public final class JobConditions {
  public static final String COMPLETE = "Complete";
  public static final String FAILED = "Failed";

  private JobConditions() {}

  /** The condition of that type when its status is True, else null. */
  public static JobCondition holding(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return null;
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && Conditions.TRUE.equals(c.getStatus()))
        .findFirst()
        .orElse(null);
  }
}
