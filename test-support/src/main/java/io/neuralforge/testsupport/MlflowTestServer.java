package io.neuralforge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real {@code mlflow server} (MLflow from PyPI, in the virtualenv hack/python-env.sh manages) on
 * a free local port, with a SQLite store and served artifacts in a temporary folder; and the REST
 * calls the tests read it back with.
 */
public final class MlflowTestServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final Process process;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();
  public final String uri;

  private MlflowTestServer(Process process, Path log, String uri) {
    this.process = process;
    this.log = log;
    this.uri = uri;
  }

  /** A server on loopback. */
  public static MlflowTestServer start(Path dir) throws IOException, InterruptedException {
    return start(dir, "127.0.0.1");
  }

  /**
   * A server listening on {@code host}: an address pods on the test cluster's real node reach, for
   * integration tests.
   */
  public static MlflowTestServer start(Path dir, String host)
      throws IOException, InterruptedException {
    Path python = Path.of(HackPython.python(dir.resolve("env.log")));
    Path mlflow = python.resolveSibling("mlflow");
    int port = freePort();
    Path log = dir.resolve("mlflow-server.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                mlflow.toString(),
                "server",
                "--host",
                host,
                "--port",
                String.valueOf(port),
                "--workers",
                "1",
                "--backend-store-uri",
                "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
                "--artifacts-destination",
                dir.resolve("artifacts").toAbsolutePath().toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // the server alone: no background job runner (an extra Python process on a small machine)
    builder.environment().put("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false");
    Process process = builder.start();
    MlflowTestServer server = new MlflowTestServer(process, log, "http://" + host + ":" + port);
    server.awaitHealthy();
    return server;
  }

  private void awaitHealthy() throws IOException {
    try {
      await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(this::healthy);
    } catch (ConditionTimeoutException e) {
      close();
      throw new AssertionError(
          "mlflow server not healthy within " + START_TIMEOUT + ":\n" + Files.readString(log));
    }
  }

  /** Whether /health answers 200; fails at once when the server exited. */
  private boolean healthy() throws IOException, InterruptedException {
    assertThat(process.isAlive())
        .as("mlflow server exited early:%n%s", Files.readString(log))
        .isTrue();
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(uri + "/health"))
                      .timeout(Duration.ofSeconds(30))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode()
          == 200;
    } catch (IOException notYet) {
      return false; // not listening yet
    }
  }

  /** GET /api/2.0/{path}?{query}; the JSON answer, which must be a 200. */
  public JsonNode get(String path, Map<String, String> query)
      throws IOException, InterruptedException {
    String q =
        query.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(uri + "/api/2.0/" + path + "?" + q)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s?%s: %s", path, q, response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** The bytes of a run's artifact, through the artifact proxy. */
  public byte[] artifact(String experimentId, String runId, String path)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        uri
                            + "/api/2.0/mlflow-artifacts/artifacts/"
                            + experimentId
                            + "/"
                            + runId
                            + "/artifacts/"
                            + path))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as("artifact %s", path).isEqualTo(200);
    return response.body();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A local port nothing listens on (just now). */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
