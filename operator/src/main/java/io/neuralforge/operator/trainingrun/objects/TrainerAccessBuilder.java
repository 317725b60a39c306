package io.neuralforge.operator.trainingrun.objects;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.workload.StatusAccess;
import java.util.List;

/**
 * The trainer's identity: a ServiceAccount per run whose Role may read and patch the status of that
 * one TrainingRun and nothing else, all owned by the run.
 */
public final class TrainerAccessBuilder {
  private TrainerAccessBuilder() {}

  public static List<HasMetadata> build(TrainingRun run) {
    return StatusAccess.build(
        run, "trainingruns", RunNames.trainerAccess(run), RunLabels.of(run, "trainer-access"));
  }
}
