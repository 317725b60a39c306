package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How the trainer Job retries, how long it may take, and whether it runs now. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(oldSelf.stop) || has(self.stop)",
    message = "spec.runPolicy.stop stays once set")
public class RunPolicy {

  /**
   * Retries of a failed trainer pod (exit code 3 or a crash) before the run fails; default 2.
   * Invalid input (exit codes 1 and 2) fails at once; evicted or preempted pods do not count.
   */
  @Min(0)
  @Max(100)
  public Integer backoffLimit;

  /** Seconds the run may take from its start, retries included; then it fails. */
  @Min(1)
  public Long activeDeadlineSeconds;

  /** True holds the run (no pod runs); false lets it run. May change at any time. */
  public Boolean suspend;

  /**
   * Set to end the run early, keeping its best model: the trainer stops at the end of the epoch it
   * is in. May be set at any time; once set, it stays.
   */
  @ValidationRule(value = "self == oldSelf", message = "spec.runPolicy.stop stays once set")
  public RunStopRequest stop;

  /** Seconds after the run finishes before its Job and pods are deleted (status stays). */
  @Min(0)
  public Integer ttlSecondsAfterFinished;

  /**
   * Seconds a trainer pod may stay Pending (unschedulable, image not pulled) before the run fails;
   * the operator's default when absent.
   */
  @Min(1)
  public Long pendingDeadlineSeconds;
}
