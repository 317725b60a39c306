package io.neuralforge.operator.trainingrun.reading;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.RunFailure;
import io.neuralforge.api.v1alpha1.TrainerExitCodes;
import io.neuralforge.operator.trainingrun.objects.TrainerJobBuilder;
import java.util.List;
import java.util.Set;

/**
 * Why a run's latest trainer attempt failed, read from its pods exactly as the kubelet reported it
 * (reason, exit code, the container's termination message), and the one line the Failed condition
 * says of it. Pure.
 */
public final class TrainerFailures {
  /** Pod-level reasons that outrank the container's own (it was killed from outside). */
  private static final Set<String> POD_REASONS =
      Set.of("Evicted", "DeadlineExceeded", "Preempted", "UnexpectedAdmissionError");

  private static final int MESSAGE_LIMIT = 300;

  private TrainerFailures() {}

  /** The latest failed attempt among {@code pods}, or null when none failed. */
  public static RunFailure latest(List<Pod> pods) {
    if (pods == null || pods.isEmpty()) {
      return null;
    }
    List<Pod> inOrder = pods.stream().sorted(TrainerPodState.BY_CREATION).toList();
    for (int i = inOrder.size() - 1; i >= 0; i--) {
      RunFailure failure = of(inOrder.get(i));
      if (failure != null) {
        failure.attempt = i + 1;
        return failure;
      }
    }
    return null;
  }

  /** How one pod failed, or null when it did not (yet). */
  public static RunFailure of(Pod pod) {
    if (pod.getStatus() == null) {
      return null;
    }
    ContainerStateTerminated ended = trainerEnded(pod);
    String podReason = pod.getStatus().getReason();
    if (podReason == null && preempted(pod)) {
      podReason = "Preempted";
    }
    boolean killedFromOutside = podReason != null && POD_REASONS.contains(podReason);
    boolean containerFailed =
        ended != null && ended.getExitCode() != null && ended.getExitCode() != 0;
    if (!killedFromOutside && !containerFailed) {
      return null;
    }
    RunFailure f = new RunFailure();
    f.reason = killedFromOutside ? podReason : containerReason(ended);
    f.exitCode = ended == null ? null : ended.getExitCode();
    String trainerSaid = ended == null ? null : lastLine(ended.getMessage());
    f.message = trainerSaid != null ? trainerSaid : lastLine(pod.getStatus().getMessage());
    return f;
  }

  /**
   * The Failed condition's line: "trainer exited 137 (OOMKilled) on attempt 2 of 3; memory limit
   * 1Gi: the trainer's message".
   */
  public static String describe(RunFailure f, Job job) {
    StringBuilder line = new StringBuilder();
    if (f.exitCode != null) {
      line.append("trainer exited ").append(f.exitCode).append(" (").append(f.reason).append(')');
    } else {
      line.append("trainer pod ").append(f.reason);
    }
    line.append(" on attempt ").append(f.attempt);
    Integer backoff = job == null ? null : job.getSpec().getBackoffLimit();
    if (backoff != null) {
      line.append(" of ").append(backoff + 1);
    }
    String limit = memoryLimit(job);
    if ("OOMKilled".equals(f.reason) && limit != null) {
      line.append("; memory limit ").append(limit);
    }
    if (f.message != null) {
      line.append(": ").append(f.message);
    }
    return line.toString();
  }

  /**
   * The kubelet's reason (OOMKilled, Error, ...), except for the trainer's own word that it saw
   * fewer GPUs than the run asked for, which only its exit code carries.
   */
  private static String containerReason(ContainerStateTerminated ended) {
    if (ended.getExitCode() == TrainerExitCodes.GPU_UNAVAILABLE
        && !"OOMKilled".equals(ended.getReason())) {
      return Reasons.GPU_UNAVAILABLE;
    }
    return orElse(ended.getReason(), "Error");
  }

  private static ContainerStateTerminated trainerEnded(Pod pod) {
    List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
    if (statuses == null) {
      return null;
    }
    for (ContainerStatus c : statuses) {
      if (!TrainerJobBuilder.CONTAINER.equals(c.getName())) {
        continue;
      }
      if (c.getState() != null && c.getState().getTerminated() != null) {
        return c.getState().getTerminated();
      }
      if (c.getLastState() != null) {
        return c.getLastState().getTerminated();
      }
    }
    return null;
  }

  private static boolean preempted(Pod pod) {
    PodCondition target = TrainerPodState.podCondition(pod, "DisruptionTarget");
    return target != null
        && "True".equals(target.getStatus())
        && "PreemptionByScheduler".equals(target.getReason());
  }

  private static String memoryLimit(Job job) {
    if (job == null
        || job.getSpec().getTemplate() == null
        || job.getSpec().getTemplate().getSpec() == null) {
      return null;
    }
    return job.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> TrainerJobBuilder.CONTAINER.equals(c.getName()))
        .map(c -> c.getResources() == null ? null : c.getResources().getLimits())
        .filter(limits -> limits != null && limits.containsKey("memory"))
        .map(limits -> limits.get("memory"))
        .map(Quantity::toString)
        .findFirst()
        .orElse(null);
  }

  /**
   * The last non-blank line: the trainer's own one-line error, or the end of its log when the
   * kubelet fell back to the log (FallbackToLogsOnError); shortened to a status-sized line.
   */
  public static String lastLine(String text) {
    if (text == null) {
      return null;
    }
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (lines.isEmpty()) {
      return null;
    }
    String last = lines.get(lines.size() - 1);
    return last.length() > MESSAGE_LIMIT ? last.substring(0, MESSAGE_LIMIT - 3) + "..." : last;
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
