package io.neuralforge.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Builds conditions the Kubernetes way: lastTransitionTime moves only when the status flips. */
public final class Conditions {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private Conditions() {}

  /**
   * @param message cut to {@link BoundedText#MESSAGE}: it may quote tenant input
   * @param previous the conditions written last time (may be null): an unchanged status keeps its
   *     lastTransitionTime
   */
  public static Condition of(
      String type,
      boolean status,
      String reason,
      String message,
      Long generation,
      List<Condition> previous,
      Instant now) {
    String value = status ? TRUE : FALSE;
    String since = now.truncatedTo(ChronoUnit.SECONDS).toString();
    if (previous != null) {
      for (Condition c : previous) {
        if (type.equals(c.getType())
            && value.equals(c.getStatus())
            && c.getLastTransitionTime() != null) {
          since = c.getLastTransitionTime();
        }
      }
    }
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(BoundedText.message(message))
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }
}
