package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;

/**
 * What Kueue says of a queued Job it has not admitted: the message of its Workload's QuotaReserved
 * condition ("couldn't assign flavors to pod set main: insufficient quota ..."), which Job
 * conditions do not carry.
 */
final class QueueMessages {
  static final String WORKLOAD_API = "kueue.x-k8s.io/v1beta2";

  /** Kueue's label on a Workload: the uid of the Job it stands for. */
  static final String JOB_UID = "kueue.x-k8s.io/job-uid";

  private QueueMessages() {}

  /** Kueue's words, or null (no Workload yet, or no Kueue in this cluster). */
  static String of(KubernetesClient client, Job job) {
    List<GenericKubernetesResource> workloads;
    try {
      workloads =
          client
              .genericKubernetesResources(WORKLOAD_API, "Workload")
              .inNamespace(job.getMetadata().getNamespace())
              .withLabel(JOB_UID, job.getMetadata().getUid())
              .list()
              .getItems();
    } catch (KubernetesClientException noKueue) {
      return null;
    }
    for (GenericKubernetesResource workload : workloads) {
      String message = quotaNotReserved(workload);
      if (message != null) {
        return message;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  static String quotaNotReserved(GenericKubernetesResource workload) {
    Object status = workload.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
      return null;
    }
    for (Object c : conditions) {
      Map<String, Object> condition = (Map<String, Object>) c;
      if ("QuotaReserved".equals(condition.get("type"))
          && "False".equals(condition.get("status"))) {
        return (String) condition.get("message");
      }
    }
    return null;
  }
}
