package io.neuralforge.operator.architecture;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.ArchitectureStatus;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.operator.events.EventSink;
import java.time.Clock;
import java.util.Objects;

/**
 * Validates each Architecture and writes its status (server-side apply, only when it changed);
 * records a Warning event when a graph turns invalid.
 */
@ControllerConfiguration(name = ArchitectureReconciler.NAME)
public final class ArchitectureReconciler implements Reconciler<Architecture> {
  public static final String NAME = "architecture";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EventSink events;
  private final Clock clock;

  public ArchitectureReconciler(EventSink events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  @Override
  public UpdateControl<Architecture> reconcile(
      Architecture architecture, Context<Architecture> context) {
    ValidationResult result = ArchitectureValidation.validate(architecture);
    ArchitectureStatus previous = architecture.getStatus();
    ArchitectureStatus status =
        ArchitectureValidation.status(architecture, result, clock.instant());
    if (sameStatus(previous, status)) {
      return UpdateControl.noUpdate();
    }
    boolean turnedInvalid =
        !result.valid()
            && (previous == null
                || !ArchitectureStatusBuilder.PHASE_INVALID.equals(previous.phase));
    if (turnedInvalid) {
      events.emit(
          architecture,
          EventSink.WARNING,
          ArchitectureStatusBuilder.REASON_INVALID,
          ArchitectureStatusBuilder.summary(result));
    }
    return UpdateControl.patchStatus(statusOnly(architecture, status));
  }

  /** The object to apply: identity and status alone, so the status patch claims nothing else. */
  private static Architecture statusOnly(Architecture architecture, ArchitectureStatus status) {
    Architecture patch = new Architecture();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(architecture.getMetadata().getName())
            .withNamespace(architecture.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return patch;
  }

  private static boolean sameStatus(ArchitectureStatus a, ArchitectureStatus b) {
    return a != null && Objects.equals(JSON.valueToTree(a), JSON.valueToTree(b));
  }
}
