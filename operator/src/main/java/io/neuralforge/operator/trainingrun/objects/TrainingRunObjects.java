package io.neuralforge.operator.trainingrun.objects;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.graph.GraphHash;
import io.neuralforge.operator.architecture.ArchitectureGraphs;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.workload.JobObjects;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the operator creates when a run starts, in creation order: the graph snapshot, the
 * trainer's ServiceAccount, Role and RoleBinding, and the Job. {@code neuralforge render} prints
 * exactly this.
 *
 * @param graphHash null (and no snapshot) when rendered without the Architecture
 */
public record TrainingRunObjects(
    String graphHash, ConfigMap snapshot, List<HasMetadata> access, Job job) implements JobObjects {

  public static TrainingRunObjects build(
      TrainingRun run, Architecture architecture, OperatorSettings settings) {
    String hash =
        architecture == null
            ? null
            : GraphHash.of(ArchitectureGraphs.toGraph(architecture.getSpec()));
    ConfigMap snapshot = hash == null ? null : SnapshotBuilder.build(run, architecture, hash);
    String snapshotName =
        snapshot == null ? RunNames.snapshot(run, null) : snapshot.getMetadata().getName();
    return new TrainingRunObjects(
        hash,
        snapshot,
        TrainerAccessBuilder.build(run),
        TrainerJobBuilder.build(run, snapshotName, hash, settings));
  }

  @Override
  public List<HasMetadata> prerequisites() {
    List<HasMetadata> before = new ArrayList<>();
    if (snapshot != null) {
      before.add(snapshot);
    }
    before.addAll(access);
    return before;
  }
}
