package io.neuralforge.operator.trainingrun.objects;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.RunOutputFiles;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.workload.Owners;
import java.util.Map;

/**
 * The run's own copy of what it trains: the Architecture and the TrainingRun as JSON manifests in
 * an immutable ConfigMap owned by the run, mounted into the trainer pod. Editing the Architecture
 * later never changes a run that has started.
 */
public final class SnapshotBuilder {
  public static final String ARCHITECTURE_KEY = RunOutputFiles.ARCHITECTURE;
  public static final String RUN_KEY = RunOutputFiles.RUN;
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private SnapshotBuilder() {}

  public static ConfigMap build(TrainingRun run, Architecture architecture, String graphHash) {
    Architecture copy = new Architecture();
    copy.setMetadata(
        new ObjectMetaBuilder()
            .withName(architecture.getMetadata().getName())
            .withNamespace(architecture.getMetadata().getNamespace())
            .withGeneration(architecture.getMetadata().getGeneration())
            .build());
    copy.setSpec(architecture.getSpec());
    TrainingRun runCopy = new TrainingRun();
    runCopy.setMetadata(
        new ObjectMetaBuilder()
            .withName(run.getMetadata().getName())
            .withNamespace(run.getMetadata().getNamespace())
            .withUid(run.getMetadata().getUid())
            .build());
    runCopy.setSpec(run.getSpec());
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(RunNames.snapshot(run, graphHash))
        .withNamespace(run.getMetadata().getNamespace())
        .withLabels(RunLabels.of(run, "graph-snapshot"))
        .withAnnotations(Map.of(Labels.GRAPH_HASH_ANNOTATION, graphHash))
        .withOwnerReferences(Owners.ownedBy(run))
        .endMetadata()
        .withImmutable(true)
        .addToData(ARCHITECTURE_KEY, JSON.asJson(copy))
        .addToData(RUN_KEY, JSON.asJson(runCopy))
        .build();
  }
}
