package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Why the trainer's latest failed attempt ended, as the kubelet and the trainer reported it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunFailure {

  /**
   * OOMKilled, Error, DeadlineExceeded, Evicted, Preempted (the kubelet's or the pod's own words),
   * or the operator's: ImagePullFailed, Unschedulable, QuotaExceeded.
   */
  public String reason;

  /** The trainer container's exit code, when it ran. */
  public Integer exitCode;

  /** Which attempt failed: 1 is the run's first pod. */
  public Integer attempt;

  /** The trainer's own one-line error, else the last line of its log, else the kubelet's words. */
  public String message;
}
