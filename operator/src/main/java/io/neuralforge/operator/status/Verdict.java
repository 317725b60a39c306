package io.neuralforge.operator.status;

import io.neuralforge.api.v1alpha1.Phases;

/**
 * A resource's phase with the reason and message of its condition (TrainingRuns and ModelExports).
 *
 * @param since when it ended, for a terminal phase (null: now)
 * @param stopReason non-null when the operator must stop the Job itself for the run to fail
 */
public record Verdict(
    String phase, String reason, String message, String since, String stopReason) {
  public static Verdict of(String phase, String reason, String message) {
    return new Verdict(phase, reason, message, null, null);
  }

  public static Verdict ended(String phase, String reason, String message, String since) {
    return new Verdict(phase, reason, message, since, null);
  }

  /** A run fails although its Job would not: the operator suspends the Job. */
  public static Verdict stopping(String reason, String message, String now) {
    return new Verdict(Phases.FAILED, reason, message, now, reason);
  }
}
