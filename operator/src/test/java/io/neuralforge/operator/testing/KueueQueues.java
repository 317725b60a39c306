package io.neuralforge.operator.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.api.v1alpha1.TrainingRun;

/** Kueue's queues for tests: a flavor, a ClusterQueue with a given quota, a LocalQueue. */
public final class KueueQueues {
  private KueueQueues() {}

  /**
   * A ClusterQueue {@code name} over one flavor {@code name}-t4 (T4 nodes' label and taint) with 8
   * CPUs, 32 GiB and {@code gpus} GPUs, and a LocalQueue {@code local} in the namespace feeding it.
   */
  public static void t4Queue(KubernetesClient client, String name, String namespace, String local) {
    apply(
        client,
        """
        apiVersion: kueue.x-k8s.io/v1beta2
        kind: ResourceFlavor
        metadata: {name: %s-t4}
        spec:
          nodeLabels: {nvidia.com/gpu.product: Tesla-T4}
          tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
        """
            .formatted(name));
    quota(client, name, 8, 0);
    apply(
        client,
        """
        apiVersion: kueue.x-k8s.io/v1beta2
        kind: LocalQueue
        metadata: {name: %s, namespace: %s}
        spec: {clusterQueue: %s}
        """
            .formatted(local, namespace, name));
  }

  /** Sets the ClusterQueue's quota of CPUs and GPUs. */
  public static void quota(KubernetesClient client, String name, int cpus, int gpus) {
    apply(
        client,
        """
        apiVersion: kueue.x-k8s.io/v1beta2
        kind: ClusterQueue
        metadata: {name: %s}
        spec:
          namespaceSelector: {}
          resourceGroups:
          - coveredResources: [cpu, memory, nvidia.com/gpu]
            flavors:
            - name: %s-t4
              resources:
              - {name: cpu, nominalQuota: "%d"}
              - {name: memory, nominalQuota: 32Gi}
              - {name: nvidia.com/gpu, nominalQuota: %d}
        """
            .formatted(name, name, cpus, gpus));
  }

  /**
   * Creates {@code count} CPU runs queued-0.. in the LocalQueue {@code local}, training the
   * Architecture {@code architecture} (one input of 4 features: iris).
   */
  public static void createQueuedRuns(
      KubernetesClient client, TestNamespace ns, String local, String architecture, int count) {
    for (int i = 0; i < count; i++) {
      TestManifests.create(
          client,
          TrainingRun.class,
          """
          apiVersion: neuralforge.io/v1alpha1
          kind: TrainingRun
          metadata:
            name: queued-%d
            namespace: %s
            labels: {kueue.x-k8s.io/queue-name: %s}
          spec:
            architectureRef: {name: %s}
            dataset: {builtin: iris}
            resources: {gpu: {type: none}, cpu: "1", memory: 1Gi}
          """,
          i,
          ns.name(),
          local,
          architecture);
    }
  }

  /** The namespace's runs whose Scheduled condition carries Kueue's words on missing quota. */
  public static long waitingForQuota(KubernetesClient client, TestNamespace ns) {
    return client.resources(TrainingRun.class).inNamespace(ns.name()).list().getItems().stream()
        .filter(r -> r.getStatus() != null && r.getStatus().conditions != null)
        .filter(
            r ->
                r.getStatus().conditions.stream()
                    .anyMatch(
                        c ->
                            c.getType().equals("Scheduled")
                                && c.getReason().equals("Queued")
                                && c.getMessage().contains("insufficient")))
        .count();
  }

  private static void apply(KubernetesClient client, String yaml) {
    GenericKubernetesResource resource =
        TestManifests.parse(client, yaml, GenericKubernetesResource.class);
    client.resource(resource).forceConflicts().serverSideApply();
  }
}
