package io.neuralforge.trainer.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import io.neuralforge.testsupport.MlflowTestServer;
import io.neuralforge.trainer.run.EpochMetrics;
import io.neuralforge.trainer.run.ProgressSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tracking never fails training: a server that is down, one that never answers and one that refuses
 * are each one warning (on the log and in status.tracking), then tracking stops. Also where the
 * trainer finds its server and what it tells it about the run.
 */
class MlflowSinkFailuresIT {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final RunDescription DESCRIPTION =
      new RunDescription("r1", Map.of("neuralforge.run", "r1"), Map.of("epochs", "2"));

  /** Hears what the tracker reports, like status.tracking. */
  private static final class Listener implements ProgressSink {
    final List<Map<String, Object>> tracked = new ArrayList<>();

    @Override
    public void progress(Progress p) {}

    @Override
    public void epoch(EpochMetrics m) {}

    @Override
    public void tracked(Map<String, Object> tracking) {
      tracked.add(tracking);
    }
  }

  /** A whole training as the sink sees it. */
  private static void train(MlflowSink sink) {
    sink.started("sha256:data");
    sink.progress(new ProgressSink.Progress(1, 2, 1, 2, 50, 1, 0.9));
    sink.epoch(new EpochMetrics(1, 0.9, 0.5, 0.8, 0.6, Double.NaN, 1e-3, 1, 0.5));
    sink.epoch(new EpochMetrics(2, 0.7, 0.6, 0.7, 0.7, Double.NaN, 1e-3, 1, 0.5));
    sink.finished(Map.of("validationAccuracy", 0.7, "epochs", 2));
  }

  private static List<String> lines(ByteArrayOutputStream log) {
    return log.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void aServerThatIsDownIsOneWarningAndTrainingGoesOn(@TempDir Path output) throws Exception {
    String uri = "http://127.0.0.1:" + MlflowTestServer.freePort();
    Listener listener = new Listener();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    MlflowSink sink =
        MlflowSink.of(
            new MlflowTarget(uri, "team-a"),
            DESCRIPTION,
            output,
            listener,
            new PrintStream(log, true, StandardCharsets.UTF_8));

    train(sink); // no exception

    assertThat(listener.tracked).hasSize(1);
    assertThat(listener.tracked.get(0)).containsOnlyKeys("warning");
    String warning = (String) listener.tracked.get(0).get("warning");
    assertThat(warning)
        .startsWith("MLflow at " + uri + " unreachable: experiments/get-by-name: ")
        .contains("creating the run", "tracking stopped, training goes on");
    assertThat(lines(log)).containsExactly("neuralforge: " + warning);
  }

  @Test
  void aServerThatNeverAnswersTimesOut(@TempDir Path output) throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept()); // accepted, never answered
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      String uri = "http://127.0.0.1:" + silent.getLocalPort();
      Listener listener = new Listener();
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      MlflowSink sink =
          new MlflowSink(
              new MlflowClient(uri, Duration.ofSeconds(1), Duration.ofMillis(500)),
              "team-a",
              DESCRIPTION,
              output,
              listener,
              new PrintStream(log, true, StandardCharsets.UTF_8),
              false);

      long start = System.nanoTime();
      train(sink);
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);

      assertThat(listener.tracked)
          .singleElement()
          .satisfies(t -> assertThat(t).containsOnlyKeys("warning"));
      assertThat((String) listener.tracked.get(0).get("warning"))
          .startsWith(
              "MLflow at " + uri + " unreachable: experiments/get-by-name: no answer within 0.5 s");
      assertThat(lines(log)).hasSize(1);
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void aRefusalAfterTheRunStartedKeepsItsIdAndStillEndsTheRun(@TempDir Path output)
      throws Exception {
    Files.writeString(output.resolve("metrics.json"), "{}");
    List<String> calls = new CopyOnWriteArrayList<>();
    HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          calls.add(exchange.getRequestMethod() + " " + path);
          exchange.getRequestBody().readAllBytes();
          int code;
          String body;
          switch (path) {
            case "/api/2.0/mlflow/experiments/get-by-name" -> {
              code = 200;
              body = "{\"experiment\": {\"experiment_id\": \"7\", \"name\": \"team-a\"}}";
            }
            case "/api/2.0/mlflow/runs/create" -> {
              code = 200;
              body =
                  "{\"run\": {\"info\": {\"run_id\": \"abc\", \"experiment_id\": \"7\","
                      + " \"artifact_uri\": \"mlflow-artifacts:/7/abc/artifacts\"}}}";
            }
            case "/api/2.0/mlflow/runs/log-batch" -> {
              boolean params = calls.stream().filter(c -> c.endsWith("log-batch")).count() == 1;
              code = params ? 200 : 400;
              body =
                  params
                      ? "{}"
                      : "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"no\"}";
            }
            default -> {
              code = 200;
              body = "{}";
            }
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(code, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    fake.start();
    try {
      String uri = "http://127.0.0.1:" + fake.getAddress().getPort();
      Listener listener = new Listener();
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      MlflowSink sink =
          new MlflowSink(
              new MlflowClient(uri),
              "team-a",
              DESCRIPTION,
              output,
              listener,
              new PrintStream(log, true, StandardCharsets.UTF_8),
              false);
      train(sink);

      String url = uri + "/#/experiments/7/runs/abc";
      assertThat(listener.tracked).hasSize(2);
      assertThat(listener.tracked.get(0)).isEqualTo(Map.of("mlflowRunId", "abc", "url", url));
      assertThat(listener.tracked.get(1))
          .containsEntry("mlflowRunId", "abc")
          .containsEntry("url", url)
          .containsEntry(
              "warning",
              "MLflow at "
                  + uri
                  + " failed: runs/log-batch: HTTP 400 INVALID_PARAMETER_VALUE: no (logging epoch"
                  + " 1); tracking stopped, training goes on");
      // nothing more after the refusal but ending the run: no epoch 2, final metrics or artifacts
      assertThat(calls)
          .containsExactly(
              "GET /api/2.0/mlflow/experiments/get-by-name",
              "POST /api/2.0/mlflow/runs/create",
              "POST /api/2.0/mlflow/runs/log-batch",
              "POST /api/2.0/mlflow/runs/log-batch",
              "POST /api/2.0/mlflow/runs/update");
      assertThat(lines(log))
          .containsExactly(
              "MLflow: run " + url, "neuralforge: " + listener.tracked.get(1).get("warning"));
    } finally {
      fake.stop(0);
    }
  }

  @Test
  void theOperatorsVariablesWinOverTheManifestAndTheNamespaceIsTheDefaultExperiment()
      throws Exception {
    var tracked =
        YAML.readTree(
            "metadata: {name: r1, namespace: team-b}\n"
                + "spec: {tracking: {mlflow: {uri: \"http://local:5000\", experiment: mine}}}\n");
    var untracked = YAML.readTree("metadata: {name: r1}\nspec: {}\n");

    assertThat(
            MlflowTarget.resolve(
                Map.of(
                    "NEURALFORGE_MLFLOW_URI", "http://mlflow:5000",
                    "NEURALFORGE_MLFLOW_EXPERIMENT", "fashion"),
                tracked))
        .isEqualTo(new MlflowTarget("http://mlflow:5000", "fashion"));
    assertThat(
            MlflowTarget.resolve(
                Map.of(
                    "NEURALFORGE_MLFLOW_URI",
                    "http://mlflow:5000",
                    "NEURALFORGE_NAMESPACE",
                    "team-a"),
                untracked))
        .isEqualTo(new MlflowTarget("http://mlflow:5000", "team-a"));
    // a local `neuralforge train`: the manifest's
    assertThat(MlflowTarget.resolve(Map.of(), tracked))
        .isEqualTo(new MlflowTarget("http://local:5000", "mine"));
    assertThat(
            MlflowTarget.resolve(
                Map.of(),
                YAML.readTree(
                    "metadata: {name: r1, namespace: team-b}\nspec: {tracking: {mlflow: {uri: \"http://local:5000\"}}}\n")))
        .isEqualTo(new MlflowTarget("http://local:5000", "team-b"));
    assertThat(MlflowTarget.resolve(Map.of(), untracked)).isNull();
    assertThat(MlflowTarget.resolve(Map.of("NEURALFORGE_MLFLOW_URI", " "), untracked)).isNull();
  }
}
