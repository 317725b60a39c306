package io.neuralforge.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.operator.events.EventSink;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A resource's phase changed: what it became, and the condition of its new phase (reason and
 * message for the event humans read). Pure.
 */
public record PhaseChange(String before, String after, String reason, String message) {
  /** Empty when the phase stayed as it was. */
  public static Optional<PhaseChange> of(String before, String after, List<Condition> conditions) {
    if (Objects.equals(before, after)) {
      return Optional.empty();
    }
    Condition c =
        conditions == null
            ? null
            : conditions.stream().filter(x -> x.getType().equals(after)).findFirst().orElse(null);
    return Optional.of(
        new PhaseChange(
            before, after, c == null ? after : c.getReason(), c == null ? "" : c.getMessage()));
  }

  public boolean finished() {
    return Phases.isTerminal(after);
  }

  /** The event for it: a Warning when it failed. */
  public Announcement announcement() {
    return new Announcement(
        Phases.FAILED.equals(after) ? EventSink.WARNING : EventSink.NORMAL, reason, message);
  }

  /** An event to record: Normal or Warning, a CamelCase reason, one line. */
  public record Announcement(String type, String reason, String message) {}
}
