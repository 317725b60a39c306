package io.neuralforge.operator.trainingrun.reading;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** What a run's trainer pods show: the latest pod, image pull failures. */
public final class TrainerPodState {
  private static final Set<String> IMAGE_FAILURES = Set.of("ImagePullBackOff", "InvalidImageName");

  private TrainerPodState() {}

  public static String imageFailure(Pod pod) {
    List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
    if (statuses == null) {
      return null;
    }
    for (ContainerStatus c : statuses) {
      var waiting = c.getState() == null ? null : c.getState().getWaiting();
      if (waiting != null && IMAGE_FAILURES.contains(waiting.getReason())) {
        return "the trainer image "
            + c.getImage()
            + " cannot be pulled ("
            + waiting.getReason()
            + ")"
            + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage());
      }
    }
    return null;
  }

  /** Pods in the order they were created (by name where the timestamps tie). */
  public static final Comparator<Pod> BY_CREATION =
      Comparator.comparing(
              (Pod p) ->
                  p.getMetadata().getCreationTimestamp() == null
                      ? ""
                      : p.getMetadata().getCreationTimestamp())
          .thenComparing(p -> p.getMetadata().getName());

  public static Pod newest(List<Pod> pods) {
    return pods == null ? null : pods.stream().max(BY_CREATION).orElse(null);
  }

  public static PodCondition podCondition(Pod pod, String type) {
    if (pod.getStatus().getConditions() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }
}
