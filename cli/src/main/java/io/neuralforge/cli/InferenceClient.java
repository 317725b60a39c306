package io.neuralforge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuralforge.trainer.export.V2Tensor;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A model served over the Open Inference Protocol (v2): its metadata from {@code GET
 * {url}/v2/models/{name}}, predictions from {@code POST {url}/v2/models/{name}/infer}. The server's
 * refusals (4xx) end with exit code 1 and its own message; an unreachable or failing server
 * (timeouts, 5xx) with 3.
 */
final class InferenceClient implements Predictor {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Floats read exactly: each decimal straight to float32. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final String url;
  private final String model;
  private final String modelUrl;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final Model described;

  /** Asks the server for the model's metadata at once: a model it does not have ends here. */
  InferenceClient(String url, String model, Duration connectTimeout, Duration requestTimeout) {
    this.url = url.replaceAll("/+$", "");
    this.model = model;
    this.modelUrl = this.url + "/v2/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8);
    this.requestTimeout = requestTimeout;
    URI base;
    try {
      base = URI.create(this.modelUrl);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--url " + url + ": not a URL: " + e.getMessage());
    }
    if (base.getScheme() == null
        || !(base.getScheme().equals("http") || base.getScheme().equals("https"))
        || base.getHost() == null) {
      throw new UserInputException("--url " + url + ": give an http:// or https:// URL");
    }
    // HTTP/1.1 as the v2 REST protocol is: no h2c upgrade offer, which some servers mishandle
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .build();
    this.described = new Model(model, input(send(HttpRequest.newBuilder(base).GET())), null);
  }

  private ModelInput input(JsonNode metadata) {
    JsonNode first = metadata.path("inputs").path(0);
    if (!first.isObject()) {
      throw PredictionFailure.unavailable(
          "model " + model + ": the server's metadata at " + modelUrl + " names no inputs");
    }
    List<Long> dims = new ArrayList<>();
    first.path("shape").forEach(d -> dims.add(d.asLong()));
    return new ModelInput(
        first.path("name").asText(),
        first.path("datatype").asText(V2Tensor.FP32),
        dims.stream().mapToLong(Long::longValue).toArray());
  }

  /** The v2 metadata does not carry the ONNX file's metadata_props: no preprocessing. */
  @Override
  public Model model() {
    return described;
  }

  @Override
  public List<V2Tensor> infer(List<V2Tensor> inputs) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(V2Tensor.request(inputs));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    JsonNode response =
        send(
            HttpRequest.newBuilder(URI.create(modelUrl + "/infer"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    List<V2Tensor> outputs = new ArrayList<>();
    try {
      for (JsonNode out : response.path("outputs")) {
        outputs.add(V2Tensor.fromJson(out));
      }
    } catch (IllegalArgumentException e) {
      throw PredictionFailure.unavailable(
          "model " + model + ": the server's response does not read: " + e.getMessage());
    }
    return outputs;
  }

  /** Sends a request and reads its JSON answer, mapping every failure to its exit code. */
  private JsonNode send(HttpRequest.Builder request) {
    HttpRequest built = request.timeout(requestTimeout).build();
    String what = built.method() + " " + built.uri();
    HttpResponse<String> response;
    try {
      response = http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      throw PredictionFailure.unavailable(
          "cannot reach " + url + ": no connection within " + seconds(CONNECT_TIMEOUT));
    } catch (HttpTimeoutException e) {
      throw PredictionFailure.unavailable(
          what + ": no answer within " + requestTimeout.toSeconds() + " s");
    } catch (IOException e) {
      throw PredictionFailure.unavailable("cannot reach " + url + ": " + reason(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PredictionFailure.unavailable(what + ": interrupted");
    }
    int status = response.statusCode();
    if (status == 404) {
      throw PredictionFailure.rejected(
          "model "
              + model
              + " not found at "
              + url
              + " ("
              + what
              + ": HTTP 404"
              + detail(response)
              + ")");
    }
    if (status >= 400 && status < 500) {
      throw PredictionFailure.rejected("model " + model + ": " + message(response));
    }
    if (status != 200) {
      throw PredictionFailure.unavailable(
          "model " + model + ": " + what + " answered HTTP " + status + detail(response));
    }
    try {
      return JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw PredictionFailure.unavailable(what + ": the answer is not JSON");
    }
  }

  /** Why a connection failed, in words (the JDK leaves some of these without a message). */
  private static String reason(IOException e) {
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      return PredictionFailure.oneLine(e.getMessage());
    }
    if (e instanceof java.net.ConnectException) {
      return "connection refused";
    }
    return e.getClass().getSimpleName();
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }

  /** The server's own message: a v2 error's {@code error}, else the body's first line. */
  private static String message(HttpResponse<String> response) {
    String body = response.body();
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.path("error").isTextual()) {
        return PredictionFailure.oneLine(json.path("error").asText());
      }
    } catch (JsonProcessingException notJson) {
      // the body as it is
    }
    String line = PredictionFailure.oneLine(body);
    return line.isEmpty() ? "HTTP " + response.statusCode() : line;
  }

  private static String detail(HttpResponse<String> response) {
    String message = message(response);
    return message.startsWith("HTTP ") ? "" : ": " + message;
  }

  @Override
  public void close() {
    // HttpClient frees its connections when collected
  }
}
