package io.neuralforge.operator.trainingrun.reading;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.status.Verdict;
import java.time.Instant;

/**
 * What an active Job's newest trainer pod says of the run: running, starting, unschedulable, an
 * image that cannot be pulled, or pending past the run's deadline; without a pod, why there is none
 * yet.
 */
public final class PodReading {
  private PodReading() {}

  /**
   * @param refusal the API server's message when it refused to create the trainer pod (a quota, a
   *     LimitRange, an admission webhook), as the Job controller reported it; else null
   */
  public static Verdict read(
      TrainingRun run, Pod pod, String refusal, OperatorSettings settings, Instant now) {
    if (pod == null && refusal != null) {
      return Verdict.of(
          Phases.PENDING,
          refusal.contains("exceeded quota") ? Reasons.QUOTA_EXCEEDED : Reasons.POD_FORBIDDEN,
          "the API server refuses the trainer pod: " + refusal);
    }
    if (pod == null) {
      return Verdict.of(Phases.PENDING, Reasons.POD_CREATING, "waiting for the trainer pod");
    }
    String podPhase = pod.getStatus().getPhase();
    if (Phases.RUNNING.equals(podPhase)) {
      return Verdict.of(
          Phases.RUNNING,
          Reasons.TRAINER_RUNNING,
          "the trainer runs on " + pod.getSpec().getNodeName());
    }
    if (!Phases.PENDING.equals(podPhase)) {
      // finished, and the Job has not counted it yet
      return Verdict.of(Phases.PENDING, Reasons.POD_CREATING, "waiting for the trainer pod");
    }
    String imageFailure = TrainerPodState.imageFailure(pod);
    if (imageFailure != null) {
      return Verdict.stopping(Reasons.IMAGE_PULL_FAILED, imageFailure, now.toString());
    }
    PodCondition scheduled = TrainerPodState.podCondition(pod, "PodScheduled");
    boolean unschedulable = scheduled != null && "False".equals(scheduled.getStatus());
    String why =
        unschedulable && scheduled.getMessage() != null
            ? scheduled.getMessage()
            : "the trainer pod is starting";
    Verdict late = PendingDeadline.check(run, pod, settings, now, why);
    if (late != null) {
      return late;
    }
    return Verdict.of(
        Phases.PENDING, unschedulable ? Reasons.UNSCHEDULABLE : Reasons.POD_STARTING, why);
  }

  /** A pod pending past the run's own limit, else the operator's, fails the run. */
  public static final class PendingDeadline {
    private PendingDeadline() {}

    public static long seconds(TrainingRun run, OperatorSettings settings) {
      var policy = run.getSpec().runPolicy;
      return policy != null && policy.pendingDeadlineSeconds != null
          ? policy.pendingDeadlineSeconds
          : settings.pendingDeadlineSeconds();
    }

    /** The first instant at which the pod is past its deadline. */
    public static Instant due(TrainingRun run, Pod pod, OperatorSettings settings, Instant now) {
      String created = pod.getMetadata().getCreationTimestamp();
      Instant since = created == null ? now : Instant.parse(created);
      return since.plusSeconds(seconds(run, settings) + 1);
    }

    public static Verdict check(
        TrainingRun run, Pod pod, OperatorSettings settings, Instant now, String why) {
      long deadline = seconds(run, settings);
      if (now.isBefore(due(run, pod, settings, now))) {
        return null;
      }
      return Verdict.stopping(
          Reasons.PENDING_DEADLINE_EXCEEDED,
          "the trainer pod was pending for more than " + deadline + " s: " + why,
          now.toString());
    }
  }
}
