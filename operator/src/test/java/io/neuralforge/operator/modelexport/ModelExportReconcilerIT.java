package io.neuralforge.operator.modelexport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.Claims;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.testing.WithOperator;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ModelExports against the real control plane, kwok standing in for the nodes' kubelets: the export
 * waits for its run, runs on the run's storage, and fails with a reason when it cannot.
 */
@RealCluster
@WithOperator
class ModelExportReconcilerIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static KubernetesClient client;

  @BeforeAll
  static void client(KubernetesClient kubernetes) {
    client = kubernetes;
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T create(
      String yaml, Class<T> type) {
    return client.resource(TestManifests.parse(client, yaml, type)).create();
  }

  private static void lenet(ControlPlane plane, TestNamespace ns) {
    TestManifests.createExample(plane, ns, "architectures/lenet-bn.yaml");
  }

  /** A run that kwok completes (or fails with exit code 2) at once. */
  private static void run(TestNamespace ns, String name, String output, String outcome) {
    create(
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingRun
        metadata: {name: %s, namespace: %s}
        spec:
          architectureRef: {name: lenet-bn}
          dataset: {builtin: fashion-mnist}
          resources: {gpu: {type: t4}}
          %s
          pod:
            annotations: {neuralforge.io/kwok-outcome: %s, neuralforge.io/kwok-exit-code: "2"}
        """
            .formatted(name, ns.name(), output, outcome),
        TrainingRun.class);
  }

  private static void export(TestNamespace ns, String name, String run) {
    create(
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: ModelExport
        metadata: {name: %s, namespace: %s}
        spec:
          trainingRunRef: {name: %s}
          precision: fp16
          pod:
            # kwok's CPU node, not the real one: these runs trained nothing, kwok plays the export
            nodeSelector: {kubernetes.io/hostname: cpu-0}
            tolerations: [{key: kwok.x-k8s.io/node, operator: Exists, effect: NoSchedule}]
            annotations: {neuralforge.io/kwok-outcome: succeed}
        """
            .formatted(name, ns.name(), run),
        ModelExport.class);
  }

  private static ModelExport awaitPhase(TestNamespace ns, String name, String phase) {
    return Await.phase(client, ModelExport.class, ns, name, s -> s.phase, phase, PATIENCE);
  }

  private static String reason(ModelExport e, String type) {
    return e.getStatus().conditions.stream()
        .filter(c -> c.getType().equals(type))
        .map(c -> c.getReason())
        .findFirst()
        .orElse(null);
  }

  @Test
  void anExportWaitsForItsRunThenRunsOnTheRunsClaim(ControlPlane plane, TestNamespace ns)
      throws IOException {
    Claims.create(plane, ns.name(), "models");
    export(ns, "lenet-onnx", "lenet"); // before the run exists
    ModelExport waiting = awaitPhase(ns, "lenet-onnx", "Pending");
    assertThat(waiting.getStatus().conditions).isNotEmpty();
    lenet(plane, ns);
    run(ns, "lenet", "output: {pvc: {claimName: models}}", "succeed");
    ModelExport done = awaitPhase(ns, "lenet-onnx", "Succeeded");
    assertThat(done.getStatus().jobName).isEqualTo("lenet-onnx-export");
    assertThat(reason(done, "Succeeded")).isEqualTo("Exported");
    Pod pod =
        client
            .pods()
            .inNamespace(ns.name())
            .withLabel(Labels.MODEL_EXPORT, "lenet-onnx")
            .list()
            .getItems()
            .get(0);
    assertThat(pod.getSpec().getNodeName()).isEqualTo("cpu-0"); // no GPU asked
    assertThat(pod.getSpec().getTolerations())
        .noneMatch(t -> "nvidia.com/gpu".equals(t.getKey())); // no GPU taint tolerated
    assertThat(pod.getSpec().getVolumes())
        .anySatisfy(
            v ->
                assertThat(
                        v.getPersistentVolumeClaim() == null
                            ? null
                            : v.getPersistentVolumeClaim().getClaimName())
                    .isEqualTo("models"));
  }

  @Test
  void withoutStorageOrWithAFailedRunThereIsNothingToExport(ControlPlane plane, TestNamespace ns)
      throws IOException {
    Claims.create(plane, ns.name(), "models");
    lenet(plane, ns);
    run(ns, "in-pod-only", "", "succeed");
    run(ns, "broken", "output: {pvc: {claimName: models}}", "fail");
    export(ns, "nowhere", "in-pod-only");
    export(ns, "from-broken", "broken");
    assertThat(reason(awaitPhase(ns, "nowhere", "Failed"), "Failed")).isEqualTo("NoModelStorage");
    assertThat(reason(awaitPhase(ns, "from-broken", "Failed"), "Failed"))
        .isEqualTo("TrainingRunFailed");
  }

  @Test
  void aSpecPodTheOperatorDoesNotAllowFailsTheExportWithoutAJob(TestNamespace ns) {
    create(
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: ModelExport
        metadata: {name: on-gpus, namespace: %s}
        spec:
          trainingRunRef: {name: lenet}
          pod:
            tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
        """
            .formatted(ns.name()),
        ModelExport.class);
    ModelExport failed = awaitPhase(ns, "on-gpus", "Failed");
    assertThat(reason(failed, "Failed")).isEqualTo("InvalidSpec");
    assertThat(failed.getStatus().conditions)
        .anySatisfy(
            c ->
                assertThat(c.getMessage())
                    .startsWith(
                        "spec.pod.tolerations[0]: key nvidia.com/gpu: a pod without a GPU"));
    assertThat(client.batch().v1().jobs().inNamespace(ns.name()).list().getItems()).isEmpty();
  }
}
