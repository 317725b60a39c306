package io.neuralforge.operator.trainingrun.budget;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.status.Timestamps;
import io.neuralforge.operator.trainingrun.objects.GpuPlacement;
import java.time.Instant;
import java.util.List;

/**
 * A trainer pod with GPUs, as the kubelet and the operator's Job describe it: where and when it
 * ran. Nothing here comes from a TrainingRun's status. Pure.
 *
 * @param uid the pod's uid
 * @param run the name of the run owning its Job, or null
 * @param runUid the uid of the run owning its Job, or null
 * @param node the node it ran on
 * @param gpus the nvidia.com/gpu limit of the operator's Job (the pod's own when the Job is gone)
 * @param start when the kubelet started it
 * @param end when its last container ended, or when it was seen going away; null while it runs
 */
public record PodUse(
    String uid, String run, String runUid, String node, int gpus, Instant start, Instant end) {
  private static final String RUN_KIND = HasMetadata.getKind(TrainingRun.class);

  /**
   * What {@code pod} used, or null when it used no GPU: none asked, or never started on a node.
   *
   * @param job the Job controlling the pod, or null when it is gone
   * @param seen when the operator saw the pod so
   * @param gone whether the pod was seen going away (deleted)
   */
  public static PodUse of(Pod pod, Job job, Instant seen, boolean gone) {
    var status = pod.getStatus();
    String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    Instant start = status == null ? null : Timestamps.parse(status.getStartTime());
    int gpus =
        job != null && job.getSpec() != null && job.getSpec().getTemplate() != null
            ? gpus(job.getSpec().getTemplate().getSpec())
            : gpus(pod.getSpec());
    if (start == null || node == null || gpus == 0) {
      return null;
    }
    Instant end = finished(status.getContainerStatuses());
    boolean over = "Succeeded".equals(status.getPhase()) || "Failed".equals(status.getPhase());
    if (end == null && (gone || over)) {
      end = seen; // no container said when it ended (evicted before it ran, deleted while running)
    }
    OwnerReference owner = job == null ? null : runOwner(job);
    return new PodUse(
        pod.getMetadata().getUid(),
        owner == null ? null : owner.getName(),
        owner == null ? null : owner.getUid(),
        node,
        gpus,
        start,
        end == null || end.isAfter(start) ? end : start);
  }

  /** The latest end of a terminated container, or null when one still runs or none ended. */
  private static Instant finished(List<ContainerStatus> containers) {
    Instant end = null;
    for (ContainerStatus c : containers == null ? List.<ContainerStatus>of() : containers) {
      var terminated = c.getState() == null ? null : c.getState().getTerminated();
      if (terminated == null) {
        return null;
      }
      Instant at = Timestamps.parse(terminated.getFinishedAt());
      if (at != null && (end == null || at.isAfter(end))) {
        end = at;
      }
    }
    return end;
  }

  private static int gpus(PodSpec spec) {
    int gpus = 0;
    for (Container c : spec == null ? List.<Container>of() : spec.getContainers()) {
      Quantity q =
          c.getResources() == null || c.getResources().getLimits() == null
              ? null
              : c.getResources().getLimits().get(GpuPlacement.GPU_RESOURCE);
      if (q != null) {
        gpus += q.getNumericalAmount().intValue();
      }
    }
    return gpus;
  }

  private static OwnerReference runOwner(Job job) {
    return job.getMetadata().getOwnerReferences().stream()
        .filter(o -> RUN_KIND.equals(o.getKind()))
        .findFirst()
        .orElse(null);
  }
}
