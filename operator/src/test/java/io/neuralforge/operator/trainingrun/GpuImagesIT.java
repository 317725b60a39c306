package io.neuralforge.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.TrainerExitCodes;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.testing.TrainerPods;
import io.neuralforge.operator.testing.WithOperator;
import io.neuralforge.operator.workload.RestrictedPods;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CUDA trainer image on the test cluster's real node, up to the hardware's edge: a T4 run lands
 * in the CUDA image on a node that advertises a T4 but has no driver (as a node without the device
 * plugin does, its nvidia.com/gpu patched into its status), loads the CUDA libtorch, and fails at
 * once with GPUUnavailable instead of training on the CPU; a CPU run on the same node gets the CPU
 * image and trains; and the CUDA image's libtorch, on the CPU, computes what the CPU image's does.
 */
@RealCluster
@WithOperator
class GpuImagesIT {
  private static final Duration PATIENCE = Duration.ofMinutes(6);
  private static final String REAL_NODE = "real-0";
  private static final String T4_LABEL = "nvidia.com/gpu.product";
  private static final String GPU = "nvidia.com/gpu";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static KubernetesClient client;

  @BeforeAll
  static void client(KubernetesClient kubernetes) {
    client = kubernetes;
  }

  /** real-0 as a T4 node looks to the scheduler and its kubelet, for the length of {@code body}. */
  private static void asT4Node(Runnable body) {
    var node = client.nodes().withName(REAL_NODE);
    node.edit(
        n ->
            new io.fabric8.kubernetes.api.model.NodeBuilder(n)
                .editMetadata()
                .addToLabels(T4_LABEL, "Tesla-T4")
                .endMetadata()
                .build());
    node.editStatus(
        n -> {
          n.getStatus().getCapacity().put(GPU, new Quantity("1"));
          n.getStatus().getAllocatable().put(GPU, new Quantity("1"));
          return n;
        });
    try {
      body.run();
    } finally {
      node.editStatus(
          n -> {
            n.getStatus().getCapacity().remove(GPU);
            n.getStatus().getAllocatable().remove(GPU);
            return n;
          });
      node.edit(
          n ->
              new io.fabric8.kubernetes.api.model.NodeBuilder(n)
                  .editMetadata()
                  .removeFromLabels(T4_LABEL)
                  .endMetadata()
                  .build());
    }
  }

  /**
   * The example T4 run, sized for the real node and pinned to it (the kwok T4 nodes run nothing).
   */
  private static void t4Run(ControlPlane plane, TestNamespace ns) {
    TrainingRun run =
        TestManifests.example(plane, "trainingruns/fashion-mnist-lenet.yaml", TrainingRun.class);
    run.getMetadata().setNamespace(ns.name());
    run.getSpec().resources.cpu = new Quantity("1");
    run.getSpec().resources.memory = new Quantity("2Gi");
    run.getSpec().pod = new io.neuralforge.api.v1alpha1.PodOverrides();
    run.getSpec().pod.nodeSelector = Map.of("kubernetes.io/hostname", REAL_NODE);
    client.resource(run).create();
  }

  @Test
  void aT4RunWithoutADriverFailsLoudInTheCudaImageAndACpuRunTrainsInTheCpuImage(
      ControlPlane plane, TestNamespace ns) {
    TestManifests.createExample(plane, ns, "architectures/lenet-bn.yaml");
    TestManifests.createExample(plane, ns, "architectures/mlp-digits.yaml");
    asT4Node(
        () -> {
          t4Run(plane, ns);
          TrainingRun failed =
              Await.phase(
                  client, TrainingRun.class, ns, "lenet-fmnist", s -> s.phase, "Failed", PATIENCE);
          List<Pod> attempts = TrainerPods.of(client, ns, "lenet-fmnist");
          assertThat(attempts).hasSize(1); // backoffLimit 2, yet no retry
          Pod pod = attempts.get(0);
          assertThat(pod.getSpec().getNodeName()).isEqualTo(REAL_NODE);
          assertThat(pod.getSpec().getContainers().get(0).getImage())
              .isEqualTo(OperatorSettings.DEFAULT_CUDA_TRAINER_IMAGE);
          ContainerStateTerminated ended =
              pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
          assertThat(ended.getExitCode()).isEqualTo(TrainerExitCodes.GPU_UNAVAILABLE);
          var status = failed.getStatus();
          assertThat(status.failure.reason).isEqualTo(Reasons.GPU_UNAVAILABLE);
          assertThat(status.failure.exitCode).isEqualTo(TrainerExitCodes.GPU_UNAVAILABLE);
          assertThat(status.failure.attempt).isEqualTo(1);
          assertThat(status.failure.message)
              .contains(
                  "asked for 1x t4; the engine sees 0 GPUs: no NVIDIA driver in the container")
              .contains("libcuda.so.1 not found");
          assertThat(status.conditions)
              .anySatisfy(
                  c -> {
                    assertThat(c.getType()).isEqualTo("Failed");
                    assertThat(c.getReason()).isEqualTo(Reasons.GPU_UNAVAILABLE);
                    assertThat(c.getMessage())
                        .startsWith("trainer exited 4 (GPUUnavailable) on attempt 1 of 3");
                  });
          assertThat(status.reproducibility.trainerImage)
              .isEqualTo(OperatorSettings.DEFAULT_CUDA_TRAINER_IMAGE);
          assertThat(status.metrics).isNull(); // it never trained

          TestManifests.create(
              client,
              TrainingRun.class,
              """
              apiVersion: neuralforge.io/v1alpha1
              kind: TrainingRun
              metadata: {name: digits, namespace: %s}
              spec:
                architectureRef: {name: mlp-digits}
                dataset: {builtin: digits}
                hyperparameters: {epochs: 2}
                resources: {gpu: {type: none}, cpu: '1', memory: 2Gi}
                pod: {nodeSelector: {kubernetes.io/hostname: %s}}
              """,
              ns.name(),
              REAL_NODE);
          TrainingRun trained =
              Await.until(
                  client,
                  TrainingRun.class,
                  ns,
                  "digits",
                  r ->
                      r.getStatus() != null
                          && "Succeeded".equals(r.getStatus().phase)
                          && r.getStatus().reproducibility != null
                          && r.getStatus().reproducibility.device != null,
                  PATIENCE);
          assertThat(
                  TrainerPods.of(client, ns, "digits")
                      .get(0)
                      .getSpec()
                      .getContainers()
                      .get(0)
                      .getImage())
              .isEqualTo(OperatorSettings.DEFAULT_TRAINER_IMAGE);
          assertThat(trained.getStatus().reproducibility.trainerImage)
              .isEqualTo(OperatorSettings.DEFAULT_TRAINER_IMAGE);
          // one thread for its CPU limit of 1, not one per core of the node (real-0 has 2)
          assertThat(trained.getStatus().reproducibility.device).isEqualTo("cpu, 1 thread");
          assertThat(trained.getStatus().progress.gradientNorm).isPositive();
          assertThat(trained.getStatus().progress.gpuMemoryBytes).isNull();
        });
  }

  /** A bare pod running the digits example in {@code image} on the real node, on its CPU. */
  private static void trainDigitsIn(TestNamespace ns, String name, String image) {
    client
        .pods()
        .inNamespace(ns.name())
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withNodeName(REAL_NODE)
                .withAutomountServiceAccountToken(false)
                .withSecurityContext(RestrictedPods.podSecurity(65532))
                .addNewContainer()
                .withName("trainer")
                .withImage(image)
                .withImagePullPolicy("Never")
                .withArgs(
                    "train",
                    "-f",
                    "/run/run.yaml",
                    "--architecture",
                    "/run/arch.yaml",
                    "--output",
                    "/tmp/out")
                // the same threads in both, whatever each libtorch would choose
                .withEnv(new EnvVar("OMP_NUM_THREADS", "1", null), new EnvVar("HOME", "/tmp", null))
                .withNewResources()
                .addToLimits("cpu", new Quantity("1"))
                .addToLimits("memory", new Quantity("2Gi"))
                .endResources()
                .withSecurityContext(RestrictedPods.containerSecurity())
                .withVolumeMounts(
                    RestrictedPods.mount("run", "/run", true),
                    RestrictedPods.mount("tmp", "/tmp", false))
                .endContainer()
                .withVolumes(
                    RestrictedPods.configMap("run", "digits-example"),
                    RestrictedPods.emptyDir("tmp"))
                .endSpec()
                .build())
        .create();
  }

  /** The status the trainer printed as its last line, once the pod succeeded. */
  private static JsonNode finalStatus(TestNamespace ns, String pod) throws IOException {
    await()
        .atMost(PATIENCE)
        .until(
            () -> client.pods().inNamespace(ns.name()).withName(pod).get().getStatus().getPhase(),
            phase -> phase.equals("Succeeded") || phase.equals("Failed"));
    String log = client.pods().inNamespace(ns.name()).withName(pod).getLog();
    assertThat(client.pods().inNamespace(ns.name()).withName(pod).get().getStatus().getPhase())
        .as(log)
        .isEqualTo("Succeeded");
    List<String> lines = log.lines().filter(l -> l.startsWith("{\"phase\"")).toList();
    assertThat(lines).as(log).hasSize(1);
    return JSON.readTree(lines.get(0));
  }

  @Test
  void theCudaImagesLibtorchComputesWhatTheCpuImagesDoes(
      ControlPlane controlPlane, TestNamespace ns) throws IOException {
    var examples = controlPlane.repository().resolve("examples");
    client
        .configMaps()
        .inNamespace(ns.name())
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("digits-example")
                .endMetadata()
                .addToData(
                    "run.yaml", Files.readString(examples.resolve("trainingruns/digits-mlp.yaml")))
                .addToData(
                    "arch.yaml",
                    Files.readString(examples.resolve("architectures/mlp-digits.yaml")))
                .build())
        .create();
    trainDigitsIn(ns, "in-cpu-image", OperatorSettings.DEFAULT_TRAINER_IMAGE);
    trainDigitsIn(ns, "in-cuda-image", OperatorSettings.DEFAULT_CUDA_TRAINER_IMAGE);
    JsonNode cpu = finalStatus(ns, "in-cpu-image");
    JsonNode cuda = finalStatus(ns, "in-cuda-image");
    // the CUDA image really ran the CUDA build's libtorch, on the CPU
    assertThat(client.pods().inNamespace(ns.name()).withName("in-cuda-image").getLog())
        .contains("training on cpu, 1 thread with the libtorch in /opt/neuralforge/cuda/torch/lib");
    assertThat(cuda.at("/reproducibility/device").asText()).isEqualTo("cpu, 1 thread");
    assertThat(cpu.at("/reproducibility/device").asText()).isEqualTo("cpu, 1 thread");
    for (String metric : List.of("trainLoss", "validationLoss", "validationAccuracy", "testLoss")) {
      JsonNode a = cpu.at("/metrics/" + metric);
      JsonNode b = cuda.at("/metrics/" + metric);
      if (a.isMissingNode() && b.isMissingNode()) {
        continue;
      }
      assertThat(b.asDouble()).as(metric).isCloseTo(a.asDouble(), within(1e-3));
    }
    assertThat(cuda.at("/metrics/validationAccuracy").asDouble()).isGreaterThan(0.9);
  }
}
