package io.neuralforge.operator.trainingrun.reading;

import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.operator.status.Unreadable;

/**
 * Whether a run's Architecture can be trained now, and if not, why (the ArchitectureReady
 * condition's reason and message).
 */
public record ArchitectureReadiness(boolean ready, String reason, String message) {
  public static ArchitectureReadiness of(String name, Architecture architecture) {
    if (architecture == null) {
      return new ArchitectureReadiness(
          false,
          Reasons.ARCHITECTURE_NOT_FOUND,
          "waiting for Architecture " + name + ": it does not exist");
    }
    if (Unreadable.is(architecture)) {
      return new ArchitectureReadiness(
          false,
          Reasons.ARCHITECTURE_INVALID,
          "waiting for Architecture " + name + ": " + Unreadable.message(architecture));
    }
    var status = architecture.getStatus();
    Long generation = architecture.getMetadata().getGeneration();
    if (status == null
        || status.observedGeneration == null
        || !status.observedGeneration.equals(generation)) {
      return new ArchitectureReadiness(
          false,
          Reasons.ARCHITECTURE_NOT_VALIDATED,
          "waiting for Architecture " + name + " to be validated (generation " + generation + ")");
    }
    if (!Phases.VALID.equals(status.phase)) {
      String first =
          status.errors == null || status.errors.isEmpty()
              ? ""
              : ": "
                  + (status.errors.get(0).node == null ? "" : status.errors.get(0).node + ": ")
                  + status.errors.get(0).message;
      return new ArchitectureReadiness(
          false,
          Reasons.ARCHITECTURE_INVALID,
          "waiting for Architecture " + name + " to be Valid, it is Invalid" + first);
    }
    return new ArchitectureReadiness(
        true,
        Reasons.ARCHITECTURE_VALID,
        "Architecture " + name + " is Valid (" + status.graphHash + ")");
  }
}
