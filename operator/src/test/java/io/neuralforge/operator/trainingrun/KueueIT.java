package io.neuralforge.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.KueueQueues;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.testing.WithOperator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real Kueue (its controller built from its Go module, running in the test cluster): a run whose
 * queue has no quota waits Pending/Queued with Kueue's own message, and runs once Kueue admits it;
 * the T4 flavor's node labels and tolerations and the operator's GPU affinity put it on a T4 node
 * together.
 */
@RealCluster
@WithOperator
class KueueIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @Test
  void aRunWaitsQueuedWithKueuesWordsAndRunsOnAT4NodeOnceAdmitted(
      ControlPlane plane, KubernetesClient client, TestNamespace ns) {
    String queue = ns.name(); // cluster-scoped objects named after the test's namespace
    KueueQueues.t4Queue(client, queue, ns.name(), "gpus");
    TestManifests.createLinear(client, ns, "mlp");
    TestManifests.create(
        client,
        TrainingRun.class,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingRun
        metadata:
          name: queued
          namespace: %s
          labels: {kueue.x-k8s.io/queue-name: gpus}
        spec:
          architectureRef: {name: mlp}
          dataset: {builtin: iris}
          resources: {gpu: {type: t4, count: 1}, cpu: "1", memory: 1Gi}
          pod: {annotations: {neuralforge.io/kwok-outcome: run}}
        """,
        ns.name());

    TrainingRun waiting =
        Await.until(
            client,
            TrainingRun.class,
            ns,
            "queued",
            r ->
                r.getStatus() != null
                    && "Queued".equals(scheduled(r).get("reason"))
                    && scheduled(r).get("message").contains(": "), // Kueue has spoken
            PATIENCE);
    assertThat(waiting.getStatus().phase).isEqualTo("Pending");
    assertThat(scheduled(waiting).get("message"))
        .startsWith("waiting for Kueue to admit the run from queue gpus: ")
        .contains("insufficient"); // Kueue's words: no quota for nvidia.com/gpu
    System.out.println("queued run's Scheduled condition: " + scheduled(waiting));

    KueueQueues.quota(client, queue, 8, 1); // quota: Kueue admits and unsuspends the Job
    TrainingRun running =
        Await.phase(client, TrainingRun.class, ns, "queued", s -> s.phase, "Running", PATIENCE);
    assertThat(running.getStatus().nodeName).isEqualTo("gpu-t4-0");
    Pod pod =
        client
            .pods()
            .inNamespace(ns.name())
            .withLabel(Labels.TRAINING_RUN, "queued")
            .list()
            .getItems()
            .get(0);
    // Kueue's flavor put its node selector on the pod; the operator's affinity asked the same
    assertThat(pod.getSpec().getNodeSelector()).containsEntry("nvidia.com/gpu.product", "Tesla-T4");
    assertThat(pod.getSpec().getAffinity().getNodeAffinity().toString()).contains("Tesla-T4");
  }

  private static Map<String, String> scheduled(TrainingRun run) {
    return run.getStatus().conditions.stream()
        .filter(c -> c.getType().equals("Scheduled"))
        .findFirst()
        .map(c -> Map.of("reason", c.getReason(), "message", c.getMessage()))
        .orElse(Map.of("reason", "", "message", ""));
  }
}
