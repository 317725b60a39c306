package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.testing.WithOperator;
import io.neuralforge.testsupport.MlflowTestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs trained in containers on the real node and tracked in a real MLflow server (from PyPI,
 * served by this test where pods reach it): the run, its parameters and its per-epoch metrics
 * appear there, and a server that is down costs a warning, never the training.
 */
@RealCluster
@WithOperator
class MlflowTrackingIT {
  private static final Duration PATIENCE = Duration.ofMinutes(6);
  private static MlflowTestServer mlflow;
  private static KubernetesClient client;
  private static String host;

  @BeforeAll
  static void startMlflow(KubernetesClient kubernetes) throws Exception {
    client = kubernetes;
    host = URI.create(kubernetes.getMasterUrl().toString()).getHost();
    Path dir = Files.createTempDirectory("mlflow-it");
    mlflow = MlflowTestServer.start(dir, host);
  }

  @AfterAll
  static void stopMlflow() {
    mlflow.close();
  }

  private static void run(TestNamespace ns, String name, String uri) {
    TestManifests.create(
        client,
        TrainingRun.class,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingRun
        metadata: {name: %s, namespace: %s}
        spec:
          architectureRef: {name: mlp-digits}
          dataset: {builtin: digits}
          hyperparameters: {epochs: 3, batchSize: 32, optimizer: {type: Adam, learningRate: 0.002}}
          resources: {gpu: {type: none}, cpu: 500m, memory: 2Gi}
          tracking: {mlflow: {uri: "%s", experiment: digits-it}}
        """,
        name,
        ns.name(),
        uri);
  }

  @Test
  void aTrackedRunAppearsInMlflowAndADownServerNeverFailsTraining(
      ControlPlane plane, TestNamespace ns) throws Exception {
    TestManifests.createExample(plane, ns, "architectures/mlp-digits.yaml");
    run(ns, "tracked", mlflow.uri);
    run(ns, "untracked", "http://" + host + ":" + MlflowTestServer.freePort());

    TrainingRun tracked =
        Await.phase(client, TrainingRun.class, ns, "tracked", s -> s.phase, "Succeeded", PATIENCE);
    String runId = tracked.getStatus().tracking.mlflowRunId;
    assertThat(runId).isNotBlank();
    assertThat(tracked.getStatus().tracking.url).startsWith(mlflow.uri + "/#/experiments/");
    assertThat(tracked.getStatus().tracking.warning).isNull();

    JsonNode run = mlflow.get("mlflow/runs/get", Map.of("run_id", runId)).path("run");
    assertThat(run.at("/info/status").asText()).isEqualTo("FINISHED");
    assertThat(run.at("/info/run_name").asText()).isEqualTo("tracked");
    Map<String, String> params = new java.util.HashMap<>();
    run.at("/data/params")
        .forEach(p -> params.put(p.path("key").asText(), p.path("value").asText()));
    assertThat(params)
        .containsEntry("optimizer.learningRate", "0.002")
        .containsEntry("batchSize", "32");
    List<String> tags = new ArrayList<>();
    run.at("/data/tags").forEach(t -> tags.add(t.path("key").asText()));
    assertThat(tags)
        .contains("neuralforge.graphHash", "neuralforge.datasetDigest", "neuralforge.trainerImage");

    JsonNode history =
        mlflow.get(
            "mlflow/metrics/get-history",
            Map.of("run_id", runId, "metric_key", "validationAccuracy"));
    List<Integer> steps = new ArrayList<>();
    history.path("metrics").forEach(m -> steps.add(m.path("step").asInt()));
    assertThat(steps).containsExactlyInAnyOrder(1, 2, 3);
    for (JsonNode m : history.path("metrics")) {
      assertThat(m.path("value").asDouble())
          .isEqualTo(
              tracked.getStatus().history.get(m.path("step").asInt() - 1).validationAccuracy,
              org.assertj.core.data.Offset.offset(1e-6));
    }

    TrainingRun untracked =
        Await.phase(
            client, TrainingRun.class, ns, "untracked", s -> s.phase, "Succeeded", PATIENCE);
    assertThat(untracked.getStatus().tracking.warning).contains("unreachable");
    assertThat(untracked.getStatus().metrics.validationAccuracy).isNotNull();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(ns.name()).list().getItems())
                    .extracting(Event::getReason)
                    .contains("TrackingFailed"));
  }
}
