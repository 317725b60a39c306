package io.neuralforge.operator.trainingrun.kueue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What Kueue says of a queued Job it has not admitted: the message of its Workload's QuotaReserved
 * condition ("couldn't assign flavors to pod set main: insufficient quota ..."), which Job
 * conditions do not carry. Pure.
 */
public final class QueueMessages {
  /** Kueue's label on a Workload: the uid of the Job it stands for. */
  public static final String JOB_UID = "kueue.x-k8s.io/job-uid";

  private QueueMessages() {}

  /** Kueue's words from the Job's Workloads, or null (no Workload yet, or no Kueue). */
  public static String of(Collection<GenericKubernetesResource> workloads) {
    for (GenericKubernetesResource workload : workloads) {
      String message = quotaNotReserved(workload);
      if (message != null) {
        return message;
      }
    }
    return null;
  }

  /** The uid of the Job a Workload stands for, as Kueue labels it; null when unlabelled. */
  public static String jobUid(GenericKubernetesResource workload) {
    var labels = workload.getMetadata().getLabels();
    return labels == null ? null : labels.get(JOB_UID);
  }

  @SuppressWarnings("unchecked")
  public static String quotaNotReserved(GenericKubernetesResource workload) {
    Object status = workload.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
      return null;
    }
    for (Object c : conditions) {
      if (c instanceof Map<?, ?> condition
          && "QuotaReserved".equals(condition.get("type"))
          && "False".equals(condition.get("status"))
          && condition.get("message") instanceof String message) {
        return message;
      }
    }
    return null;
  }
}
