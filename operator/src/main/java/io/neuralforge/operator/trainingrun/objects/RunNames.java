package io.neuralforge.operator.trainingrun.objects;

import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.workload.WorkloadNames;

/** Names of the objects made for a run, fitted to 63 characters ({@link WorkloadNames#fit}). */
public final class RunNames {
  private RunNames() {}

  public static String job(TrainingRun run) {
    return WorkloadNames.fit(run.getMetadata().getName(), "-trainer");
  }

  /** The trainer's ServiceAccount, Role and RoleBinding. */
  public static String trainerAccess(TrainingRun run) {
    return WorkloadNames.fit(run.getMetadata().getName(), "-trainer");
  }

  /**
   * The graph snapshot; the hash in the name makes a snapshot of another graph another object. A
   * null hash (rendered without the Architecture) gives the name without it.
   */
  public static String snapshot(TrainingRun run, String graphHash) {
    if (graphHash == null) {
      return WorkloadNames.fit(run.getMetadata().getName(), "-graph");
    }
    String hex = graphHash.startsWith("sha256:") ? graphHash.substring(7) : graphHash;
    return WorkloadNames.fit(run.getMetadata().getName(), "-graph-" + hex.substring(0, 10));
  }
}
