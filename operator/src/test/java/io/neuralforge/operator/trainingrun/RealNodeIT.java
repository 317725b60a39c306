package io.neuralforge.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.testing.TrainerPods;
import io.neuralforge.operator.testing.WithOperator;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What only a real kubelet shows: the trainer image in containerd on the test cluster's real node,
 * killed by the kernel over its memory limit, by the Job controller at its active deadline, and
 * failed at once by the pod failure policy on the exit code the trainer really returned.
 */
@RealCluster
@WithOperator
class RealNodeIT {
  private static final Duration PATIENCE = Duration.ofMinutes(5);
  private static final String REAL_NODE = "real-0";
  private static KubernetesClient client;

  @BeforeAll
  static void client(KubernetesClient kubernetes) {
    client = kubernetes;
  }

  private static void digitsMlp(ControlPlane plane, TestNamespace ns) {
    TestManifests.createExample(plane, ns, "architectures/mlp-digits.yaml");
  }

  /** A digits run on the real node (no GPU); {@code spec} adds to its spec, YAML flow style. */
  private static void run(TestNamespace ns, String name, String architecture, String spec) {
    TestManifests.create(
        client,
        TrainingRun.class,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingRun
        metadata: {name: %s, namespace: %s}
        spec: {architectureRef: {name: %s}, dataset: {builtin: digits}, %s}
        """,
        name,
        ns.name(),
        architecture,
        spec);
  }

  private static TrainingRun awaitPhase(TestNamespace ns, String name, String phase) {
    return Await.phase(client, TrainingRun.class, ns, name, s -> s.phase, phase, PATIENCE);
  }

  private static String failedCondition(TrainingRun run) {
    return run.getStatus().conditions.stream()
        .filter(c -> c.getType().equals("Failed"))
        .map(c -> c.getReason() + ": " + c.getMessage())
        .findFirst()
        .orElseThrow();
  }

  /** How the real runtime ended the trainer container of the run's only pod. */
  private static ContainerStateTerminated terminated(TestNamespace ns, String run) {
    List<Pod> pods = TrainerPods.of(client, ns, run);
    assertThat(pods).hasSize(1);
    assertThat(pods.get(0).getSpec().getNodeName()).isEqualTo(REAL_NODE);
    ContainerStatus trainer = pods.get(0).getStatus().getContainerStatuses().get(0);
    assertThat(trainer.getContainerID()).startsWith("containerd://");
    return trainer.getState().getTerminated();
  }

  @Test
  void aTrainerOverItsMemoryLimitIsKilledByTheKernelAndTheRunSaysSo(
      ControlPlane plane, TestNamespace ns) throws IOException {
    digitsMlp(plane, ns);
    run(
        ns,
        "starved",
        "mlp-digits",
        "resources: {gpu: {type: none}, cpu: '1', memory: 128Mi}, runPolicy: {backoffLimit: 0}");
    TrainingRun failed = awaitPhase(ns, "starved", "Failed");
    ContainerStateTerminated killed = terminated(ns, "starved");
    assertThat(killed.getReason()).isEqualTo("OOMKilled");
    assertThat(killed.getExitCode()).isEqualTo(137);
    // the run says what the kubelet reported, in status.failure and in one line
    assertThat(failed.getStatus().failure.reason).isEqualTo(killed.getReason());
    assertThat(failed.getStatus().failure.exitCode).isEqualTo(killed.getExitCode());
    assertThat(failed.getStatus().failure.attempt).isEqualTo(1);
    assertThat(failedCondition(failed))
        .contains("trainer exited 137 (OOMKilled) on attempt 1 of 1; memory limit 128Mi");
  }

  @Test
  void anActiveDeadlineStopsARunningContainer(ControlPlane plane, TestNamespace ns)
      throws IOException {
    digitsMlp(plane, ns);
    run(
        ns,
        "endless",
        "mlp-digits",
        "hyperparameters: {epochs: 100000}, resources: {gpu: {type: none}, cpu: '1', memory: 2Gi},"
            + " runPolicy: {backoffLimit: 0, activeDeadlineSeconds: 25}");
    TrainingRun running = awaitPhase(ns, "endless", "Running");
    assertThat(running.getStatus().nodeName).isEqualTo(REAL_NODE);
    TrainingRun failed = awaitPhase(ns, "endless", "Failed");
    assertThat(failedCondition(failed)).startsWith("DeadlineExceeded");
    // the Job controller ends the container: no trainer of this run is left running
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                TrainerPods.of(client, ns, "endless").stream()
                    .noneMatch(p -> "Running".equals(p.getStatus().getPhase())));
  }

  @Test
  void theTrainersOwnRejectionFailsTheJobAtOnceThroughThePodFailurePolicy(
      ControlPlane plane, TestNamespace ns) {
    // valid as a graph, but digits has 64 features, not 10: the trainer rejects it with exit code 1
    TestManifests.create(
        client,
        Architecture.class,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: Architecture
        metadata: {name: ten-inputs, namespace: %s}
        spec:
          inputs: [{name: x, shape: [10]}]
          nodes: [{id: fc, type: Linear, inputs: [x], params: {outFeatures: 10}}]
          outputs: [fc]
        """,
        ns.name());
    run(
        ns,
        "misfit",
        "ten-inputs",
        "resources: {gpu: {type: none}, cpu: '1', memory: 2Gi}, runPolicy: {backoffLimit: 3}");
    TrainingRun failed = awaitPhase(ns, "misfit", "Failed");
    ContainerStateTerminated ended = terminated(ns, "misfit");
    assertThat(ended.getExitCode()).isEqualTo(1); // one pod: no retry
    // the trainer's own one-line error, from its termination message
    assertThat(ended.getMessage()).contains("64").doesNotContain("\tat ");
    assertThat(failed.getStatus().failure.message).isEqualTo(ended.getMessage().strip());
    assertThat(failedCondition(failed))
        .startsWith("PodFailurePolicy")
        .contains("trainer exited 1 (Error) on attempt 1 of 4: " + ended.getMessage().strip());
  }
}
