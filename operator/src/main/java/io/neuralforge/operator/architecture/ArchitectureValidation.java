package io.neuralforge.operator.architecture;

import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.ArchitectureStatus;
import io.neuralforge.graph.GraphHash;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.graph.ValidationResult;
import java.time.Instant;

/** Validates an Architecture and builds the status the operator and the CLI write. */
public final class ArchitectureValidation {
  private ArchitectureValidation() {}

  public static ValidationResult validate(Architecture architecture) {
    return GraphValidator.validate(ArchitectureGraphs.toGraph(architecture.getSpec()));
  }

  public static ArchitectureStatus status(
      Architecture architecture, ValidationResult result, Instant now) {
    Long generation =
        architecture.getMetadata() == null ? null : architecture.getMetadata().getGeneration();
    String hash = GraphHash.of(ArchitectureGraphs.toGraph(architecture.getSpec()));
    return ArchitectureStatusBuilder.build(result, hash, generation, architecture.getStatus(), now);
  }
}
