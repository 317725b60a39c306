package io.neuralforge.operator.trainingrun;

import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.operator.architecture.ArchitectureStatusBuilder;

/**
 * Whether a run's Architecture can be trained now, and if not, why (the ArchitectureReady
 * condition's reason and message).
 */
public record ArchitectureReadiness(boolean ready, String reason, String message) {
  public static final String READY = "ArchitectureValid";
  public static final String NOT_FOUND = "ArchitectureNotFound";
  public static final String NOT_VALIDATED = "ArchitectureNotValidated";
  public static final String INVALID = "ArchitectureInvalid";

  public static ArchitectureReadiness of(String name, Architecture architecture) {
    if (architecture == null) {
      return new ArchitectureReadiness(
          false, NOT_FOUND, "waiting for Architecture " + name + ": it does not exist");
    }
    var status = architecture.getStatus();
    Long generation = architecture.getMetadata().getGeneration();
    if (status == null
        || status.observedGeneration == null
        || !status.observedGeneration.equals(generation)) {
      return new ArchitectureReadiness(
          false,
          NOT_VALIDATED,
          "waiting for Architecture " + name + " to be validated (generation " + generation + ")");
    }
    if (!ArchitectureStatusBuilder.PHASE_VALID.equals(status.phase)) {
      String first =
          status.errors == null || status.errors.isEmpty()
              ? ""
              : ": "
                  + (status.errors.get(0).node == null ? "" : status.errors.get(0).node + ": ")
                  + status.errors.get(0).message;
      return new ArchitectureReadiness(
          false,
          INVALID,
          "waiting for Architecture " + name + " to be Valid, it is Invalid" + first);
    }
    return new ArchitectureReadiness(
        true, READY, "Architecture " + name + " is Valid (" + status.graphHash + ")");
  }
}
