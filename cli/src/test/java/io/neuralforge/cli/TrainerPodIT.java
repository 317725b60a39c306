package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neuralforge.api.v1alpha1.Architecture;
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
import io.neuralforge.operator.trainingrun.TrainingRunReconciler;
import io.neuralforge.operator.trainingrun.objects.RunNames;
import io.neuralforge.trainer.kube.KubernetesStatusWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TrainingRun and its ModelExport whose pods really run: the operator creates the Jobs, the
 * scheduler places the pods on the test cluster's real node, and its kubelet runs the trainer image
 * in containerd under Pod Security "restricted"; progress and final metrics reach the run's status
 * through the per-run RBAC, over the {@code kubernetes} Service, and the files land on the claim.
 */
@RealCluster
@WithOperator
class TrainerPodIT {
  private static final Duration PATIENCE = Duration.ofMinutes(6);
  private static final String REAL_NODE = "real-0";
  private static KubernetesClient client;

  @BeforeAll
  static void client(KubernetesClient kubernetes) {
    client = kubernetes;
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

  /**
   * The digits run trained by its pod on the real node, and everything the run's status and RBAC
   * promise; returns the claim's folder.
   */
  private static Path trainDigitsAndCheckTheRun(ControlPlane plane, TestNamespace ns, Path work)
      throws Exception {
    client
        .resource(TestManifests.example(plane, "architectures/mlp-digits.yaml", Architecture.class))
        .inNamespace(ns.name())
        .create();
    Path claim = Claims.create(plane, ns.name(), "models");
    TrainingRun run = digitsRun(ns, "digits", false);
    digitsRun(ns, "neighbour", true);

    TrainingRun done =
        Await.phase(client, TrainingRun.class, ns, "digits", s -> s.phase, "Succeeded", PATIENCE);
    String log = ranInAContainerOnTheRealNode(ns, Labels.TRAINING_RUN, "digits");
    assertThat(log).contains("epoch 8 done").doesNotContain("could not report progress");
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
    Path folder = claim.resolve(ns.name()).resolve("digits");
    assertThat(folder.resolve("metrics.json")).isNotEmptyFile();
    assertThat(done.getStatus().artifacts.metrics)
        .isEqualTo("pvc://models/" + ns.name() + "/digits/metrics.json");

    // the same identity may write its own run's status and nothing else
    Path account = trainerAccount(ns, run, work);
    assertThat(asTrainer(ns, account, "digits", run.getMetadata().getUid())).isNull();
    assertThat(asTrainer(ns, account, "neighbour", null)).contains("HTTP 403");
    // a pod started for an earlier run of the same name: the API server refuses its uid
    assertThat(asTrainer(ns, account, "digits", "00000000-0000-0000-0000-000000000000"))
        .contains("no longer the object");
    String token = Files.readString(account.resolve("token"));
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
    return claim;
  }

  /**
   * Asserts that the one pod with that label ran to completion in a container of the real node's
   * runtime (its container ID is containerd's), and returns its log as {@code kubectl logs} shows.
   */
  private static String ranInAContainerOnTheRealNode(TestNamespace ns, String label, String value) {
    List<Pod> pods = client.pods().inNamespace(ns.name()).withLabel(label, value).list().getItems();
    assertThat(pods).hasSize(1);
    Pod pod = pods.get(0);
    assertThat(pod.getSpec().getNodeName()).isEqualTo(REAL_NODE);
    var container = pod.getStatus().getContainerStatuses().get(0);
    assertThat(container.getContainerID()).startsWith("containerd://");
    assertThat(container.getState().getTerminated().getExitCode()).isZero();
    return client.pods().inNamespace(ns.name()).withName(pod.getMetadata().getName()).getLog();
  }

  /** A folder with a fresh token of the run's trainer ServiceAccount and the cluster's CA. */
  private static Path trainerAccount(TestNamespace ns, TrainingRun run, Path work)
      throws IOException {
    Path account = Files.createDirectories(work.resolve("account"));
    String token =
        client
            .serviceAccounts()
            .inNamespace(ns.name())
            .withName(RunNames.trainerAccess(run))
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Files.writeString(account.resolve("token"), token);
    Files.copy(Path.of(client.getConfiguration().getCaCertFile()), account.resolve("ca.crt"));
    return account;
  }

  /**
   * Applies a status to {@code run} with the trainer pod's token, as the pod started for the run of
   * {@code uid} (null: none known); the error, or null.
   */
  private static String asTrainer(TestNamespace ns, Path account, String run, String uid)
      throws Exception {
    java.net.URI server = java.net.URI.create(client.getMasterUrl().toString());
    Map<String, String> env = new java.util.HashMap<>();
    env.put("NEURALFORGE_TRAININGRUN", run);
    env.put("NEURALFORGE_NAMESPACE", ns.name());
    env.put("NEURALFORGE_SERVICEACCOUNT_DIR", account.toString());
    env.put("KUBERNETES_SERVICE_HOST", server.getHost());
    env.put("KUBERNETES_SERVICE_PORT", String.valueOf(server.getPort()));
    if (uid != null) {
      env.put("NEURALFORGE_TRAININGRUN_UID", uid);
    }
    KubernetesStatusWriter writer = KubernetesStatusWriter.forTrainingRun(env);
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
    Path claim = trainDigitsAndCheckTheRun(plane, ns, work);
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
                """
                    .formatted(ns.name()),
                ModelExport.class))
        .create();
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
    ranInAContainerOnTheRealNode(ns, Labels.MODEL_EXPORT, "digits-onnx");
    String repository = ns.name() + "/digits/exports/digits-onnx/";
    String path = repository + "digits-onnx/1/model.onnx";
    assertThat(done.getStatus().artifact.uri).isEqualTo("pvc://models/" + path);
    Path file = claim.resolve(path);
    // ready to serve: the model repository's layout, and status.serving as ONNX Runtime sees it
    assertThat(claim.resolve(repository + "digits-onnx/config.pbtxt")).isRegularFile();
    var serving = done.getStatus().serving;
    assertThat(serving.storageUri).isEqualTo("pvc://models/" + repository);
    assertThat(serving.modelName).isEqualTo("digits-onnx");
    assertThat(serving.runtime).isEqualTo("kserve-tritonserver");
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
      assertThat(serving.inputs)
          .extracting(t -> t.name)
          .containsExactlyElementsOf(session.getInputNames());
      assertThat(serving.outputs)
          .extracting(t -> t.name)
          .containsExactlyElementsOf(session.getOutputNames());
      for (var input : serving.inputs) {
        long[] shape = ((TensorInfo) session.getInputInfo().get(input.name).getInfo()).getShape();
        assertThat(input.shape).containsExactlyElementsOf(Arrays.stream(shape).boxed().toList());
        assertThat(input.datatype).isEqualTo("FP32");
      }
    }
    assertThat(done.getStatus().artifact.sizeBytes).isEqualTo(Files.size(file));
    assertThat(done.getStatus().validation.passed).isTrue();
    assertThat(done.getStatus().validation.samples).isEqualTo(100);
    assertThat(done.getStatus().validation.maxAbsDiff).isLessThan(1e-4);
    assertThat(done.getStatus().validation.predictionAgreement).isEqualTo(1.0);
  }
}
