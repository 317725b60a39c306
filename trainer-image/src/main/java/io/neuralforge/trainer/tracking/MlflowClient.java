package io.neuralforge.trainer.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few calls of MLflow's REST API (2.0) a training run needs: experiments by name, runs, batches
 * of metrics, params and tags, and artifacts through the server's artifact proxy ({@code mlflow
 * server}'s default, {@code --serve-artifacts}). Every call gives up after 5 s connecting and 15 s
 * waiting for the answer (an artifact upload gets 1 s more per MiB); every failure is an {@link
 * MlflowClient.Failure}.
 */
public final class MlflowClient {
  /** The most params and tags MLflow takes in one log-batch, and metrics (of 1,000 entries). */
  static final int BATCH_PARAMS = 100;

  static final int BATCH_TAGS = 100;
  static final int BATCH_METRICS = 800;

  /** MLflow's longest param value (longer ones are refused). */
  static final int PARAM_VALUE_LIMIT = 6000;

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ARTIFACTS_SCHEME = "mlflow-artifacts:";

  private final String base;
  private final HttpClient http;
  private final Duration connectTimeout;
  private final Duration requestTimeout;

  /** A tracking call that failed: the server is unreachable, slow, or refused it. */
  public static final class Failure extends IOException {
    private final boolean unreachable;
    private final String errorCode;

    Failure(String message, boolean unreachable, Throwable cause) {
      this(message, unreachable, null, cause);
    }

    Failure(String message, boolean unreachable, String errorCode, Throwable cause) {
      super(message, cause);
      this.unreachable = unreachable;
      this.errorCode = errorCode;
    }

    /** MLflow's error_code (RESOURCE_ALREADY_EXISTS, ...) when the server said no, else null. */
    public String errorCode() {
      return errorCode;
    }

    /** True when no answer came (connection refused, timeout); false when the server said no. */
    public boolean unreachable() {
      return unreachable;
    }
  }

  /** A run as MLflow created it. */
  public record Run(String runId, String experimentId, String artifactUri) {}

  /** One metric value at a step. */
  public record Metric(String key, double value, long timestamp, long step) {}

  /**
   * @param uri the tracking server, e.g. {@code http://mlflow.ml-tools:5000}
   */
  public MlflowClient(String uri) {
    this(uri, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
  }

  MlflowClient(String uri, Duration connectTimeout, Duration requestTimeout) {
    this.base = stripSlash(uri);
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** The server as given, without a trailing slash. */
  public String uri() {
    return base;
  }

  /** The id of the experiment named {@code name}, created when there is none. */
  public String experimentId(String name) throws Failure {
    JsonNode found = getExperiment(name);
    if (found != null) {
      return found.path("experiment_id").asText();
    }
    try {
      return post("experiments/create", Map.of("name", name)).path("experiment_id").asText();
    } catch (Failure e) {
      // created by another trainer between the two calls
      JsonNode again = e.unreachable() ? null : getExperiment(name);
      if (again == null) {
        throw e;
      }
      return again.path("experiment_id").asText();
    }
  }

  private JsonNode getExperiment(String name) throws Failure {
    JsonNode found = get("experiments/get-by-name", "experiment_name", name, true);
    return found == null ? null : found.path("experiment");
  }

  /** Starts a run in the experiment. */
  public Run createRun(
      String experimentId, String runName, long startTime, Map<String, String> tags)
      throws Failure {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("experiment_id", experimentId);
    body.put("run_name", runName);
    body.put("start_time", startTime);
    body.put("tags", pairs(tags));
    return run(post("runs/create", body));
  }

  /** Logs metrics, params and tags, in as many batches as MLflow's limits need. */
  public void logBatch(
      String runId, List<Metric> metrics, Map<String, String> params, Map<String, String> tags)
      throws Failure {
    List<Map<String, Object>> metricList = new ArrayList<>();
    for (Metric m : metrics) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("key", m.key());
      entry.put("value", m.value());
      entry.put("timestamp", m.timestamp());
      entry.put("step", m.step());
      metricList.add(entry);
    }
    List<Map<String, Object>> paramList = pairs(params);
    List<Map<String, Object>> tagList = pairs(tags);
    int m = 0;
    int p = 0;
    int t = 0;
    do {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("run_id", runId);
      body.put("metrics", metricList.subList(m, Math.min(metricList.size(), m + BATCH_METRICS)));
      body.put("params", paramList.subList(p, Math.min(paramList.size(), p + BATCH_PARAMS)));
      body.put("tags", tagList.subList(t, Math.min(tagList.size(), t + BATCH_TAGS)));
      post("runs/log-batch", body);
      m = Math.min(metricList.size(), m + BATCH_METRICS);
      p = Math.min(paramList.size(), p + BATCH_PARAMS);
      t = Math.min(tagList.size(), t + BATCH_TAGS);
    } while (m < metricList.size() || p < paramList.size() || t < tagList.size());
  }

  /** The run {@code runId}, or null when the server has none of that id. */
  public Run getRun(String runId) throws Failure {
    JsonNode found = get("runs/get", "run_id", runId, true);
    return found == null ? null : run(found);
  }

  private static Run run(JsonNode answer) {
    JsonNode info = answer.path("run").path("info");
    return new Run(
        info.path("run_id").asText(),
        info.path("experiment_id").asText(),
        info.path("artifact_uri").asText());
  }

  /** The name of the experiment {@code experimentId}. */
  public String experimentName(String experimentId) throws Failure {
    return get("experiments/get", "experiment_id", experimentId, false)
        .path("experiment")
        .path("name")
        .asText();
  }

  /** Creates the registered model {@code name}; one that exists already is left as it is. */
  public void registeredModel(String name) throws Failure {
    try {
      post("registered-models/create", Map.of("name", name));
    } catch (Failure e) {
      if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
        throw e;
      }
    }
  }

  /**
   * Adds a version to the registered model {@code name} from {@code source} (a {@code
   * runs:/<run_id>/<path>} URI), the run's logged model; returns the version MLflow gave it.
   */
  public String createModelVersion(
      String name, String source, String runId, Map<String, String> tags) throws Failure {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("source", source);
    body.put("run_id", runId);
    body.put("tags", pairs(tags));
    return post("model-versions/create", body).path("model_version").path("version").asText();
  }

  /** Ends the run: {@code FINISHED}, {@code FAILED} or {@code KILLED}. */
  public void endRun(String runId, String status, long endTime) throws Failure {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run_id", runId);
    body.put("status", status);
    body.put("end_time", endTime);
    post("runs/update", body);
  }

  /**
   * True when the run's artifacts go through this server's artifact proxy (artifact_uri {@code
   * mlflow-artifacts:/...}), the only store a client without the store's own credentials can write.
   */
  public static boolean proxied(Run run) {
    return run.artifactUri().startsWith(ARTIFACTS_SCHEME);
  }

  /**
   * Uploads one file as the run's artifact {@code path} ("a/b.txt"): PUT {@code
   * /api/2.0/mlflow-artifacts/artifacts/<the artifact_uri's path>/<path>}, where a run's
   * artifact_uri is {@code mlflow-artifacts:/<experiment_id>/<run_id>/artifacts}.
   */
  public void uploadArtifact(Run run, String path, Path file) throws Failure {
    if (!proxied(run)) {
      throw new Failure(
          "artifact store "
              + run.artifactUri()
              + " is not served by the tracking server (mlflow server --serve-artifacts)",
          false,
          null);
    }
    String root = run.artifactUri().substring(ARTIFACTS_SCHEME.length());
    if (root.startsWith("//")) { // mlflow-artifacts://host:port/path names the host too
      int slash = root.indexOf('/', 2);
      root = slash < 0 ? "" : root.substring(slash);
    }
    String target = (root.startsWith("/") ? "" : "/") + stripSlash(root) + "/" + path;
    HttpRequest.BodyPublisher body;
    long size;
    try {
      size = Files.size(file);
      body = HttpRequest.BodyPublishers.ofFile(file);
    } catch (IOException e) {
      throw new Failure("cannot read " + file + ": " + e.getMessage(), false, e);
    }
    String what = "artifact " + path;
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(
                    URI.create(base + "/api/2.0/mlflow-artifacts/artifacts" + encode(target, true)))
                .header("Content-Type", "application/octet-stream")
                .PUT(body),
            what,
            requestTimeout.plusSeconds(size >> 20));
    answer(response, what);
  }

  /**
   * GET {@code endpoint?parameter=value}: the answer's JSON; null for a 404 when {@code
   * missingIsNull}, else a 404 fails as any refusal does.
   */
  private JsonNode get(String endpoint, String parameter, String value, boolean missingIsNull)
      throws Failure {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(api(endpoint + "?" + parameter + "=" + encode(value, false)))
                .GET(),
            endpoint,
            requestTimeout);
    return missingIsNull && response.statusCode() == 404 ? null : answer(response, endpoint);
  }

  private JsonNode post(String endpoint, Object body) throws Failure {
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new Failure(endpoint + ": " + e.getMessage(), false, e);
    }
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(api(endpoint))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)),
            endpoint,
            requestTimeout);
    return answer(response, endpoint);
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String what, Duration timeout)
      throws Failure {
    try {
      return http.send(
          request.timeout(timeout).header("Accept", "application/json").build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw new Failure(what + ": no connection within " + seconds(connectTimeout), true, e);
    } catch (HttpTimeoutException e) {
      throw new Failure(what + ": no answer within " + seconds(timeout), true, e);
    } catch (IOException e) {
      throw new Failure(what + ": " + describe(e), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(what + ": interrupted", true, e);
    }
  }

  /** The answer's JSON, or a failure with MLflow's error_code and message. */
  private static JsonNode answer(HttpResponse<String> response, String what) throws Failure {
    JsonNode json;
    try {
      json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    if (response.statusCode() / 100 == 2 && json != null) {
      return json;
    }
    String code =
        json != null && json.hasNonNull("error_code") ? json.path("error_code").asText() : null;
    String detail =
        code != null
            ? code + ": " + abbreviate(json.path("message").asText())
            : abbreviate(response.body());
    throw new Failure(what + ": HTTP " + response.statusCode() + " " + detail, false, code, null);
  }

  private URI api(String endpoint) {
    return URI.create(base + "/api/2.0/mlflow/" + endpoint);
  }

  private static List<Map<String, Object>> pairs(Map<String, String> values) {
    List<Map<String, Object>> list = new ArrayList<>();
    values.forEach((k, v) -> list.add(Map.of("key", k, "value", v)));
    return list;
  }

  /** Percent-encodes a query value, or each segment of a path (keeping its slashes). */
  private static String encode(String value, boolean path) {
    if (!path) {
      return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
    return String.join(
        "/",
        Arrays.stream(value.split("/", -1))
            .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
            .toList());
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (e instanceof java.net.ConnectException) {
      return "connection refused" + (message == null ? "" : " (" + message + ")");
    }
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String abbreviate(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static String stripSlash(String s) {
    String out = s;
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }
}
