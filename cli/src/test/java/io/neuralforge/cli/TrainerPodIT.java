package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.modelexport.ExportObjects;
import io.neuralforge.operator.testing.Claims;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.testing.TestOperator;
import io.neuralforge.operator.trainingrun.RunLabels;
import io.neuralforge.operator.trainingrun.TrainingRunReconciler;
import io.neuralforge.trainer.kube.KubernetesStatusWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One TrainingRun whose trainer really runs: the operator creates the Job, the scheduler places the
 * pod, and {@link TrainerPod} runs that pod's container as specified with a real ServiceAccount
 * token, so progress and final metrics reach the run's status through the per-run RBAC.
 */
@RealCluster
class TrainerPodIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static KubernetesClient client;
  private static Operator operator;

  @BeforeAll
  static void startOperator(KubernetesClient kubernetes) {
    client = kubernetes;
    operator = TestOperator.start(client);
  }

  @AfterAll
  static void stopOperator() {
    operator.stop();
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T load(
      String yaml, Class<T> type) {
    return TestManifests.parse(client, yaml, type);
  }

  private static TrainingRun digitsRun(TestNamespace ns, String name, boolean suspended) {
    return client
        .resource(
            load(
                """
                apiVersion: neuralforge.io/v1alpha1
                kind: TrainingRun
                metadata: {name: %s, namespace: %s}
                spec:
                  architectureRef: {name: mlp-digits}
                  dataset: {builtin: digits, validationFraction: 0.2}
                  hyperparameters:
                    epochs: 8
                    batchSize: 32
                    optimizer: {type: Adam, learningRate: 0.003}
                    seed: 7
                  resources: {gpu: {type: none}, cpu: "1", memory: 2Gi}
                  runPolicy: {suspend: %s}
                  output: {pvc: {claimName: models}}
                  pod:
                    annotations: {neuralforge.io/kwok-outcome: run}
                """
                    .formatted(name, ns.name(), suspended),
                TrainingRun.class))
        .create();
  }

  @Test
  void theTrainerReportsProgressAndMetricsThroughItsOwnRole(
      ControlPlane plane, TestNamespace ns, @TempDir Path work) throws Exception {
    trainDigitsAndCheckTheRun(plane, ns, work);
  }

  /** The digits run trained by its pod, and everything the run's status and RBAC promise. */
  private static void trainDigitsAndCheckTheRun(ControlPlane plane, TestNamespace ns, Path work)
      throws Exception {
    client
        .resource(TestManifests.example(plane, "architectures/mlp-digits.yaml", Architecture.class))
        .inNamespace(ns.name())
        .create();
    Claims.create(client, ns.name(), "models");
    digitsRun(ns, "digits", false);
    digitsRun(ns, "neighbour", true);
    Pod pod = runningPod(ns, RunLabels.RUN, "digits");

    TrainerPod kubelet =
        new TrainerPod(
            client,
            plane.repository().resolve("bin/neuralforge"),
            TrainerPod.localImageEnv(),
            work.resolve("claims"));
    TrainerPod.Exit exit = kubelet.run(pod, work.resolve("trainer"), Duration.ofMinutes(5));
    assertThat(exit.code()).as(exit.output()).isZero();
    assertThat(exit.output()).doesNotContain("could not report progress");

    TrainingRun done =
        await()
            .atMost(PATIENCE)
            .until(
                () ->
                    client
                        .resources(TrainingRun.class)
                        .inNamespace(ns.name())
                        .withName("digits")
                        .get(),
                r -> r.getStatus() != null && "Succeeded".equals(r.getStatus().phase));
    var status = done.getStatus();
    assertThat(status.metrics.validationAccuracy).isGreaterThan(0.9);
    assertThat(status.metrics.bestEpoch).isBetween(1, 8);
    assertThat(status.progress.epoch).isEqualTo(8);
    assertThat(status.progress.percent).isEqualTo(100.0);
    // the trainer's fields and the operator's side by side: neither manager wiped the other's
    assertThat(status.reproducibility.datasetDigest).startsWith("sha256:");
    assertThat(status.reproducibility.architectureGraphHash).startsWith("sha256:");
    assertThat(status.conditions).isNotEmpty();
    List<ManagedFieldsEntry> managers = done.getMetadata().getManagedFields();
    assertThat(managers)
        .anySatisfy(
            m -> {
              assertThat(m.getManager()).isEqualTo("neuralforge-trainer");
              assertThat(m.getSubresource()).isEqualTo("status");
              assertThat(m.getFieldsV1().getAdditionalProperties().toString())
                  .contains("f:progress")
                  .contains("f:metrics")
                  .doesNotContain("f:phase");
            });
    assertThat(managers)
        .anySatisfy(
            m -> {
              assertThat(m.getManager()).isEqualTo(TrainingRunReconciler.NAME);
              assertThat(m.getFieldsV1().getAdditionalProperties().toString())
                  .contains("f:phase")
                  .doesNotContain("f:progress");
            });
    Path folder = exit.volumes().get("output").resolve(ns.name()).resolve("digits");
    assertThat(folder.resolve("metrics.json")).isNotEmptyFile();
    assertThat(done.getStatus().artifacts.metrics)
        .isEqualTo("pvc://models/" + ns.name() + "/digits/metrics.json");

    // the same identity may write its own run's status and nothing else
    assertThat(asTrainer(ns, exit, "digits")).isNull();
    assertThat(asTrainer(ns, exit, "neighbour")).contains("HTTP 403");
    String token = Files.readString(exit.volumes().get("token").resolve("token"));
    try (KubernetesClient trainer =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl(client.getConfiguration().getMasterUrl())
                    .withCaCertData(client.getConfiguration().getCaCertData())
                    .withCaCertFile(client.getConfiguration().getCaCertFile())
                    .withOauthToken(token)
                    .build())
            .build()) {
      for (Runnable forbidden :
          List.<Runnable>of(
              () ->
                  trainer
                      .resources(TrainingRun.class)
                      .inNamespace(ns.name())
                      .withName("digits")
                      .get(),
              () -> trainer.pods().inNamespace(ns.name()).list(),
              () -> trainer.secrets().inNamespace(ns.name()).list())) {
        assertThatThrownBy(forbidden::run)
            .isInstanceOf(KubernetesClientException.class)
            .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
      }
    }
  }

  /** The pod with that label once the scheduler has placed it and kwok started it. */
  private static Pod runningPod(TestNamespace ns, String label, String value) {
    return await()
        .atMost(PATIENCE)
        .until(
            () ->
                client
                    .pods()
                    .inNamespace(ns.name())
                    .withLabel(label, value)
                    .list()
                    .getItems()
                    .stream()
                    .filter(p -> "Running".equals(p.getStatus().getPhase()))
                    .findFirst()
                    .orElse(null),
            p -> p != null);
  }

  /** Applies a status to {@code run} with the trainer pod's token; the error, or null. */
  private static String asTrainer(TestNamespace ns, TrainerPod.Exit exit, String run)
      throws Exception {
    java.net.URI server = java.net.URI.create(client.getMasterUrl().toString());
    KubernetesStatusWriter writer =
        KubernetesStatusWriter.forTrainingRun(
            Map.of(
                "NEURALFORGE_TRAININGRUN", run,
                "NEURALFORGE_NAMESPACE", ns.name(),
                "NEURALFORGE_SERVICEACCOUNT_DIR", exit.volumes().get("token").toString(),
                "KUBERNETES_SERVICE_HOST", server.getHost(),
                "KUBERNETES_SERVICE_PORT", String.valueOf(server.getPort())));
    try {
      writer.apply(Map.of("progress", Map.of("epoch", 8, "totalEpochs", 8, "percent", 100.0)));
      return null;
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  @Test
  void theExportRunsOnTheTrainedFolderAndReportsItsValidation(
      ControlPlane plane, TestNamespace ns, @TempDir Path work) throws Exception {
    trainDigitsAndCheckTheRun(plane, ns, work);
    client
        .resource(
            load(
                """
                apiVersion: neuralforge.io/v1alpha1
                kind: ModelExport
                metadata: {name: digits-onnx, namespace: %s}
                spec:
                  trainingRunRef: {name: digits}
                  precision: fp32
                  validation: {samples: 100}
                  pod:
                    annotations: {neuralforge.io/kwok-outcome: run}
                """
                    .formatted(ns.name()),
                ModelExport.class))
        .create();
    Pod pod = runningPod(ns, ExportObjects.LABEL, "digits-onnx");
    TrainerPod.Exit exit =
        new TrainerPod(
                client,
                plane.repository().resolve("bin/neuralforge"),
                TrainerPod.localImageEnv(),
                work.resolve("claims"))
            .run(pod, work.resolve("exporter"), Duration.ofMinutes(5));
    assertThat(exit.code()).as(exit.output()).isZero();
    ModelExport done =
        await()
            .atMost(PATIENCE)
            .until(
                () ->
                    client
                        .resources(ModelExport.class)
                        .inNamespace(ns.name())
                        .withName("digits-onnx")
                        .get(),
                e -> e.getStatus() != null && "Succeeded".equals(e.getStatus().phase));
    String path = ns.name() + "/digits/exports/digits-onnx.onnx";
    assertThat(done.getStatus().artifact.uri).isEqualTo("pvc://models/" + path);
    Path file = work.resolve("claims").resolve(ns.name()).resolve("models").resolve(path);
    assertThat(done.getStatus().artifact.sizeBytes).isEqualTo(Files.size(file));
    assertThat(done.getStatus().validation.passed).isTrue();
    assertThat(done.getStatus().validation.samples).isEqualTo(100);
    assertThat(done.getStatus().validation.maxAbsDiff).isLessThan(1e-4);
    assertThat(done.getStatus().validation.predictionAgreement).isEqualTo(1.0);
  }
}
