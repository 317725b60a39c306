package io.neuralforge.trainer.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.neuralforge.graph.GraphHash;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.testsupport.MlflowTestServer;
import io.neuralforge.trainer.data.BuiltinDataset;
import io.neuralforge.trainer.gpu.GpuPolicy;
import io.neuralforge.trainer.kube.KubernetesProgressSink;
import io.neuralforge.trainer.run.EpochMetrics;
import io.neuralforge.trainer.run.ProgressSink;
import io.neuralforge.trainer.run.RunSpec;
import io.neuralforge.trainer.run.TrainingJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer against a real MLflow tracking server (MLflow from PyPI, hack/python-env.sh): a real
 * training of iris is recorded with its params, tags, per-epoch metric history, final metrics and
 * output folder, read back through MLflow's own REST API; its id and URL reach status.tracking.
 */
class MlflowSinkIT {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path serverDir;
  private static MlflowTestServer server;

  @BeforeAll
  static void startServer() throws Exception {
    long start = System.nanoTime();
    server = MlflowTestServer.start(serverDir);
    System.out.printf(
        "mlflow server up at %s in %.1f s%n", server.uri, (System.nanoTime() - start) / 1e9);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static final String RUN =
      """
      apiVersion: neuralforge.io/v1alpha1
      kind: TrainingRun
      metadata: {name: iris-mlp, namespace: team-a}
      spec:
        architectureRef: {name: mlp-iris}
        dataset: {builtin: iris, validationFraction: 0.2}
        hyperparameters:
          epochs: 3
          batchSize: 16
          optimizer: {type: Adam, learningRate: 0.01}
          seed: 3
        tracking:
          mlflow: {uri: "http://set-by-the-test", experiment: iris}
      """;

  private static final String ARCHITECTURE =
      """
      apiVersion: neuralforge.io/v1alpha1
      kind: Architecture
      metadata: {name: mlp-iris}
      spec:
        inputs:
        - {name: flower, shape: [4]}
        nodes:
        - {id: fc1, type: Linear, inputs: [flower], params: {outFeatures: 16}}
        - {id: relu, type: ReLU, inputs: [fc1]}
        - {id: fc2, type: Linear, inputs: [relu], params: {outFeatures: 3}}
        outputs: [fc2]
      """;

  /** Records finished epochs, the final metrics and what the tracker reported. */
  private static final class Recorder implements ProgressSink {
    final List<EpochMetrics> epochs = new ArrayList<>();
    final List<Map<String, Object>> tracked = new ArrayList<>();
    Map<String, Object> finished;

    @Override
    public void progress(Progress p) {}

    @Override
    public void epoch(EpochMetrics m) {
      epochs.add(m);
    }

    @Override
    public void finished(Map<String, Object> metrics) {
      finished = metrics;
    }

    @Override
    public void tracked(Map<String, Object> tracking) {
      tracked.add(tracking);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRealTrainingIsRecordedWithParamsTagsMetricHistoryAndArtifacts(@TempDir Path dir)
      throws Exception {
    ObjectNode run = (ObjectNode) YAML.readTree(RUN);
    ObjectNode architecture = (ObjectNode) YAML.readTree(ARCHITECTURE);
    RunSpec spec = YAML.treeToValue(run.get("spec"), RunSpec.class);
    GraphSpec graph = YAML.treeToValue(architecture.get("spec"), GraphSpec.class);
    Path output = dir.resolve("output");

    // as TrainCommand composes them in a pod: the status sink hears where the run is tracked
    Map<String, String> env =
        Map.of(
            MlflowTarget.URI_ENV,
            server.uri + "/",
            "NEURALFORGE_NAMESPACE",
            "team-a",
            RunDescription.TRAINER_IMAGE_ENV,
            "neuralforge/trainer:0.1.0-cpu");
    MlflowTarget target = MlflowTarget.resolve(env, run);
    assertThat(target).isEqualTo(new MlflowTarget(server.uri + "/", "team-a"));
    target = new MlflowTarget(target.uri(), "iris"); // as NEURALFORGE_MLFLOW_EXPERIMENT would say
    List<Map<String, Object>> statusWrites = new ArrayList<>();
    Recorder recorder = new Recorder();
    ProgressSink others =
        ProgressSink.both(
            recorder,
            new KubernetesProgressSink(statusWrites::add, 10_000, Clock.systemUTC(), System.err));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    MlflowSink mlflow =
        new MlflowSink(
            new MlflowClient(target.uri()),
            target.experiment(),
            RunDescription.of(run, spec, graph, env),
            output,
            others,
            new PrintStream(log, true, StandardCharsets.UTF_8),
            false);

    long start = System.nanoTime();
    Map<String, Object> status =
        TrainingJob.run(
            run,
            architecture,
            spec,
            graph,
            output,
            BuiltinDataset.defaultRoot(),
            ProgressSink.both(others, mlflow),
            GpuPolicy.workstation(System.err));
    System.out.printf("iris trained and tracked in %.1f s%n", (System.nanoTime() - start) / 1e9);
    assertThat(status.get("phase")).isEqualTo("Succeeded");
    assertThat(recorder.epochs).hasSize(3);

    // status.tracking: the run's id and its page
    assertThat(recorder.tracked).hasSize(1);
    Map<String, Object> tracking = recorder.tracked.get(0);
    assertThat(tracking).containsOnlyKeys("mlflowRunId", "url");
    String runId = (String) tracking.get("mlflowRunId");
    JsonNode experiment =
        server
            .get("mlflow/experiments/get-by-name", Map.of("experiment_name", "iris"))
            .path("experiment");
    String experimentId = experiment.path("experiment_id").asText();
    assertThat(tracking.get("url"))
        .isEqualTo(server.uri + "/#/experiments/" + experimentId + "/runs/" + runId);
    assertThat(statusWrites.get(statusWrites.size() - 1).get("tracking")).isEqualTo(tracking);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("MLflow: run " + tracking.get("url"))
        .doesNotContain("warning", "unreachable", "failed");

    // the run: in the experiment, named after the TrainingRun, FINISHED, with tags and params
    JsonNode found = server.get("mlflow/runs/get", Map.of("run_id", runId)).path("run");
    assertThat(found.path("info").path("experiment_id").asText()).isEqualTo(experimentId);
    assertThat(found.path("info").path("run_name").asText()).isEqualTo("iris-mlp");
    assertThat(found.path("info").path("status").asText()).isEqualTo("FINISHED");
    Map<String, String> tags = pairs(found.path("data").path("tags"));
    Map<String, Object> reproducibility = (Map<String, Object>) status.get("reproducibility");
    assertThat(tags)
        .containsEntry("mlflow.runName", "iris-mlp")
        .containsEntry("neuralforge.run", "iris-mlp")
        .containsEntry("neuralforge.namespace", "team-a")
        .containsEntry("neuralforge.graphHash", GraphHash.of(graph))
        .containsEntry("neuralforge.datasetDigest", (String) reproducibility.get("datasetDigest"))
        .containsEntry("neuralforge.trainerImage", "neuralforge/trainer:0.1.0-cpu")
        .containsKey("neuralforge.devices");
    assertThat(pairs(found.path("data").path("params")))
        .containsEntry("architecture", "mlp-iris")
        .containsEntry("epochs", "3")
        .containsEntry("batchSize", "16")
        .containsEntry("seed", "3")
        .containsEntry("optimizer.type", "Adam")
        .containsEntry("optimizer.learningRate", "0.01")
        .containsEntry("dataset.builtin", "iris")
        .containsEntry("dataset.validationFraction", "0.2");

    // every epoch's metrics at step = epoch, as the trainer saw them
    for (String key :
        List.of("trainLoss", "trainAccuracy", "validationLoss", "validationAccuracy")) {
      JsonNode history =
          server
              .get("mlflow/metrics/get-history", Map.of("run_id", runId, "metric_key", key))
              .path("metrics");
      assertThat(history).as(key).hasSize(3);
      for (int i = 0; i < 3; i++) {
        EpochMetrics epoch = recorder.epochs.get(i);
        double expected =
            switch (key) {
              case "trainLoss" -> epoch.trainLoss();
              case "trainAccuracy" -> epoch.trainAccuracy();
              case "validationLoss" -> epoch.validationLoss();
              default -> epoch.validationAccuracy();
            };
        assertThat(history.get(i).path("step").asInt()).isEqualTo(i + 1);
        assertThat(history.get(i).path("value").asDouble())
            .as(key)
            .isCloseTo(expected, within(1e-9));
      }
    }
    assertThat(
            server
                .get(
                    "mlflow/metrics/get-history",
                    Map.of("run_id", runId, "metric_key", "learningRate"))
                .path("metrics"))
        .hasSize(3);
    // no Dice for classification: NaN is left out, not logged
    assertThat(
            server
                .get(
                    "mlflow/metrics/get-history",
                    Map.of("run_id", runId, "metric_key", "validationDice"))
                .path("metrics"))
        .isEmpty();

    // the final metrics: metrics.json's figures
    Map<String, Double> latest = new HashMap<>();
    found
        .path("data")
        .path("metrics")
        .forEach(m -> latest.put(m.path("key").asText(), m.path("value").asDouble()));
    recorder.finished.forEach(
        (key, value) -> {
          if (value instanceof Number n) {
            assertThat(latest).containsEntry("final." + key, n.doubleValue());
          }
        });
    assertThat(latest)
        .containsKeys("final.validationAccuracy", "final.bestEpoch", "final.samplesPerSecond");

    // the output folder, file for file, as the run's artifacts
    Set<String> files = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(output)) {
      walk.filter(Files::isRegularFile)
          .forEach(f -> files.add(output.relativize(f).toString().replace('\\', '/')));
    }
    assertThat(files).contains("metrics.json", "history.csv", "run.json", "curves.png");
    assertThat(artifacts(runId, "")).isEqualTo(files);
    assertThat(server.artifact(experimentId, runId, "metrics.json"))
        .isEqualTo(Files.readAllBytes(output.resolve("metrics.json")));
  }

  @Test
  void runsShareTheirExperimentAndOneThatFailsEndsFailed(@TempDir Path dir) throws Exception {
    Path output = dir.resolve("out");
    Files.createDirectories(output.resolve("snapshots"));
    Files.writeString(output.resolve("metrics.json"), "{\"validationAccuracy\": 0.5}");
    Files.writeString(output.resolve("snapshots/epoch 1.txt"), "a file with a space");
    RunDescription description =
        new RunDescription(
            "fake",
            Map.of("neuralforge.run", "fake"),
            Map.of("dataset.augmentations", "[{\"type\":\"RandomFlip\"}]"));
    List<Map<String, Object>> tracked = new ArrayList<>();
    ProgressSink listener =
        new ProgressSink() {
          @Override
          public void progress(Progress p) {}

          @Override
          public void epoch(EpochMetrics m) {}

          @Override
          public void tracked(Map<String, Object> tracking) {
            tracked.add(tracking);
          }
        };

    MlflowSink failing =
        new MlflowSink(
            new MlflowClient(server.uri),
            "shared",
            description,
            output,
            listener,
            System.err,
            false);
    failing.started("sha256:data");
    failing.epoch(new EpochMetrics(1, 1.0, 0.4, 1.1, 0.3, Double.NaN, 1e-3, 2, 0.5));
    failing.failed(); // what the exit hook does when training fails
    failing.finished(Map.of()); // too late: the run has ended

    MlflowSink succeeding =
        new MlflowSink(
            new MlflowClient(server.uri),
            "shared",
            description,
            output,
            listener,
            System.err,
            false);
    succeeding.started("sha256:data");
    for (int epoch = 1; epoch <= 2; epoch++) {
      succeeding.epoch(new EpochMetrics(epoch, 1.0 / epoch, 0.5, 1.0, 0.5, 0.7, 1e-3, 2, 0.5));
    }
    succeeding.finished(Map.of("validationAccuracy", 0.5, "epochs", 2));

    assertThat(tracked).hasSize(2).allSatisfy(t -> assertThat(t).doesNotContainKey("warning"));
    JsonNode first = run((String) tracked.get(0).get("mlflowRunId"));
    JsonNode second = run((String) tracked.get(1).get("mlflowRunId"));
    assertThat(first.path("info").path("experiment_id"))
        .isEqualTo(second.path("info").path("experiment_id"));
    assertThat(first.path("info").path("status").asText()).isEqualTo("FAILED");
    assertThat(second.path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(artifacts(first.path("info").path("run_id").asText(), "")).isEmpty();
    String secondId = second.path("info").path("run_id").asText();
    assertThat(artifacts(secondId, "")).containsExactly("metrics.json", "snapshots/epoch 1.txt");
    assertThat(pairs(second.path("data").path("params")))
        .containsEntry("dataset.augmentations", "[{\"type\":\"RandomFlip\"}]");
    assertThat(
            server
                .get(
                    "mlflow/metrics/get-history",
                    Map.of("run_id", secondId, "metric_key", "validationDice"))
                .path("metrics"))
        .extracting(m -> m.path("step").asInt())
        .containsExactly(1, 2);
  }

  private static JsonNode run(String runId) throws Exception {
    return server.get("mlflow/runs/get", Map.of("run_id", runId)).path("run");
  }

  /** The run's artifact files under {@code path} ("" for all), listed folder by folder. */
  private static Set<String> artifacts(String runId, String path) throws Exception {
    Set<String> listed = new TreeSet<>();
    JsonNode files =
        server.get("mlflow/artifacts/list", Map.of("run_id", runId, "path", path)).path("files");
    for (JsonNode f : files) {
      if (f.path("is_dir").asBoolean()) {
        listed.addAll(artifacts(runId, f.path("path").asText()));
      } else {
        listed.add(f.path("path").asText());
      }
    }
    return listed;
  }

  private static Map<String, String> pairs(JsonNode list) {
    Map<String, String> map = new HashMap<>();
    list.forEach(p -> map.put(p.path("key").asText(), p.path("value").asText()));
    return map;
  }
}
