package io.neuralforge.operator.architecture;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.ArchitectureStatus;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.operator.events.EventSink;
import io.neuralforge.operator.status.StatusPatches;
import io.neuralforge.operator.status.Unreadable;
import java.time.Clock;

/**
 * Validates each Architecture and writes its status (server-side apply, only when it changed);
 * records a Warning event when a graph turns invalid.
 */
@ControllerConfiguration(name = ArchitectureReconciler.NAME)
public final class ArchitectureReconciler implements Reconciler<Architecture> {
  public static final String NAME = "architecture";
  private final EventSink events;
  private final Clock clock;

  public ArchitectureReconciler(EventSink events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  @Override
  public UpdateControl<Architecture> reconcile(
      Architecture architecture, Context<Architecture> context) {
    if (Unreadable.is(architecture)) {
      return unreadable(architecture);
    }
    ValidationResult result = ArchitectureValidation.validate(architecture);
    ArchitectureStatus previous = architecture.getStatus();
    ArchitectureStatus status =
        ArchitectureValidation.status(architecture, result, clock.instant());
    if (StatusPatches.same(previous, status)) {
      return UpdateControl.noUpdate();
    }
    boolean turnedInvalid =
        !result.valid() && (previous == null || !Phases.INVALID.equals(previous.phase));
    if (turnedInvalid) {
      events.emit(
          architecture,
          EventSink.WARNING,
          Reasons.GRAPH_INVALID,
          ArchitectureStatusBuilder.summary(result));
    }
    return UpdateControl.patchStatus(
        StatusPatches.statusOnly(architecture, status, Architecture::new));
  }

  private UpdateControl<Architecture> unreadable(Architecture architecture) {
    ArchitectureStatus previous = architecture.getStatus();
    String message = Unreadable.message(architecture);
    ArchitectureStatus status =
        ArchitectureStatusBuilder.unreadable(
            message, architecture.getMetadata().getGeneration(), previous, clock.instant());
    if (StatusPatches.same(previous, status)) {
      return UpdateControl.noUpdate();
    }
    events.emit(architecture, EventSink.WARNING, Reasons.UNREADABLE, message);
    return UpdateControl.patchStatus(
        StatusPatches.statusOnly(architecture, status, Architecture::new));
  }
}
