package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.Condition;
import io.neuralforge.api.v1alpha1.ConditionTypes;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.operator.events.EventSink;
import io.neuralforge.operator.status.Conditions;
import io.neuralforge.operator.status.PhaseChange;
import io.neuralforge.operator.status.PhaseChange.Announcement;
import java.util.Optional;

/** The event a run's change of phase gives humans; pure. */
final class RunAnnouncements {
  private RunAnnouncements() {}

  static Optional<PhaseChange> change(TrainingRunStatus previous, TrainingRunStatus status) {
    return PhaseChange.of(
        previous == null ? null : previous.phase, status.phase, status.conditions);
  }

  /**
   * Every phase but Pending is announced with its condition; a run that goes (back) to Pending says
   * what it waits for when that is its Architecture.
   */
  static Optional<Announcement> of(PhaseChange change, TrainingRunStatus status) {
    if (!Phases.PENDING.equals(change.after())) {
      return Optional.of(change.announcement());
    }
    return status.conditions.stream()
        .filter(c -> ConditionTypes.ARCHITECTURE_READY.equals(c.getType()))
        .filter(c -> Conditions.FALSE.equals(c.getStatus()))
        .findFirst()
        .map(RunAnnouncements::waiting);
  }

  private static Announcement waiting(Condition ready) {
    return new Announcement(EventSink.NORMAL, ready.getReason(), ready.getMessage());
  }
}
