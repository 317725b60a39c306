package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.neuralforge.testsupport.TinyDigits;
import io.neuralforge.trainer.export.V2Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code neuralforge predict} on a small network trained briefly on the digits as 1x8x8 images
 * (normalized) and exported into a model repository: through ONNX Runtime here ({@code --onnx}),
 * and through a stand-in v2 server ({@code --url}).
 */
class PredictCommandTest {
  /** Floats read exactly: each decimal straight to float32. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @TempDir static Path dir;
  private static Path runFile;
  private static Path onnx;
  private HttpServer server;
  private final List<String> bodies = new ArrayList<>();

  @BeforeAll
  static void trainAndExport() throws IOException {
    runFile = Files.writeString(dir.resolve("run.yaml"), TinyDigits.RUN);
    Path arch = Files.writeString(dir.resolve("arch.yaml"), TinyDigits.ARCHITECTURE);
    Path export =
        Files.writeString(
            dir.resolve("export.yaml"),
            """
            apiVersion: neuralforge.io/v1alpha1
            kind: ModelExport
            metadata: {name: tiny-onnx}
            spec: {trainingRunRef: {name: tiny-digits}}
            """);
    Path model = dir.resolve("model");
    CliRun trained = CliRun.train(runFile, arch, model);
    assertThat(trained.exitCode()).as(trained.err()).isZero();
    onnx = dir.resolve("repository/digits/1/model.onnx");
    CliRun exported =
        CliRun.of(
            "export", "-f", export.toString(), "--model", model.toString(), "--output", "" + onnx);
    assertThat(exported.exitCode()).as(exported.err()).isZero();
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** {@code predict --onnx MODEL -o json ARGS...}: the outputs per input. */
  private static List<JsonNode> json(String... args) throws IOException {
    List<String> line =
        new ArrayList<>(List.of("predict", "--onnx", onnx.toString(), "-o", "json"));
    line.addAll(List.of(args));
    CliRun r = CliRun.of(line.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> outputs = new ArrayList<>();
    for (String l : r.out().strip().split("\n")) {
      outputs.add(JSON.readTree(l));
    }
    return outputs;
  }

  /** A JSON tensor of the given values, [N, 1, 8, 8]. */
  private static Path tensor(String name, float[] values) throws IOException {
    Path file = dir.resolve(name);
    JSON.writeValue(
        file.toFile(),
        java.util.Map.of("shape", new long[] {values.length / 64, 1, 8, 8}, "data", values));
    return file;
  }

  @Test
  void aGrayPngIsScaledAndNormalizedAsTheRunTrained() throws IOException {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    float[] expected = new float[64];
    Random random = new Random(1);
    for (int i = 0; i < 64; i++) {
      int gray = random.nextInt(256);
      image.getRaster().setSample(i % 8, i / 8, 0, gray);
      expected[i] = TinyDigits.normalized(gray / 255f);
    }
    Path png = dir.resolve("digit.png");
    ImageIO.write(image, "png", png.toFile());

    JsonNode fromPng = json(png.toString()).get(0);
    JsonNode fromTensor = json(tensor("digit.json", expected).toString()).get(0);
    assertThat(fromPng.path("input").asText()).isEqualTo(png.toString());
    assertThat(fromPng.path("model_name").asText()).isEqualTo("digits");
    assertThat(fromPng.path("outputs")).isEqualTo(fromTensor.path("outputs"));
    assertThat(fromPng.at("/outputs/0/shape").toString()).isEqualTo("[1,10]");

    CliRun text = CliRun.of("predict", "--onnx", onnx.toString(), "--top", "2", png.toString());
    assertThat(text.exitCode()).as(text.err()).isZero();
    // the digits' class names are "0" to "9": two of them, each with a probability
    assertThat(text.out().strip()).matches(png + ": \\d 0\\.\\d{3}, \\d 0\\.\\d{3}");
    assertThat(text.err()).doesNotContain("no preprocessing");
  }

  @Test
  void aColourImageOfAnotherSizeIsMadeGrayAndResizedSayingSo() throws IOException {
    BufferedImage image = new BufferedImage(20, 12, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 12; y++) {
      for (int x = 0; x < 20; x++) {
        image.setRGB(x, y, 0x3366cc); // luminance 0.299 * 51 + 0.587 * 102 + 0.114 * 204 = 98.4
      }
    }
    Path png = dir.resolve("photo.png");
    ImageIO.write(image, "png", png.toFile());
    CliRun r = CliRun.of("predict", "--onnx", onnx.toString(), png.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("photo.png: 20x12 resized to 8x8, the model's input");
    float[] expected = new float[64];
    java.util.Arrays.fill(expected, TinyDigits.normalized(98 / 255f));
    float[] fromImage = logits(json(png.toString()).get(0));
    float[] fromTensor = logits(json(tensor("blue.json", expected).toString()).get(0));
    for (int i = 0; i < 10; i++) {
      assertThat(fromImage[i]).isCloseTo(fromTensor[i], org.assertj.core.data.Offset.offset(1e-4f));
    }
  }

  @Test
  void resizingKeepsAnEvenImageEvenAndShrinksWithoutAliasing() {
    float[] even = new float[3 * 30 * 50];
    java.util.Arrays.fill(even, 0.25f);
    for (float v : ImageInput.resize(even, 3, 30, 50, 7, 9)) {
      assertThat(v).isCloseTo(0.25f, org.assertj.core.data.Offset.offset(1e-6f));
    }
    // a one-pixel stripe every other column: a fair shrink by 2 sees gray, never the stripes alone
    float[] stripes = new float[8 * 8];
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = i % 2;
    }
    for (float v : ImageInput.resize(stripes, 1, 8, 8, 4, 4)) {
      assertThat(v).isBetween(0.3f, 0.7f);
    }
  }

  private static float[] logits(JsonNode response) {
    return V2Tensor.fromJson(response.at("/outputs/0")).floats();
  }

  @Test
  void csvRowsAreSamplesScaledAsTheDatasetStoresThem() throws IOException {
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      csv.append(i == 0 ? "" : ",").append("p").append(i);
    }
    csv.append("\n");
    float[] expected = new float[128];
    for (int row = 0; row < 2; row++) {
      for (int i = 0; i < 64; i++) {
        int stored = (i * 7 + row * 3) % 17; // the digits store 0 to 16
        csv.append(i == 0 ? "" : ",").append(stored);
        expected[row * 64 + i] = TinyDigits.normalized(stored / 16f);
      }
      csv.append("\n\n");
    }
    Path file = dir.resolve("digits.csv");
    Files.writeString(file, csv);
    assertThat(json(file.toString()).get(0).path("outputs"))
        .isEqualTo(json(tensor("rows.json", expected).toString()).get(0).path("outputs"));
    CliRun text = CliRun.of("predict", "--onnx", onnx.toString(), "--top", "1", file.toString());
    assertThat(text.out().lines().toList())
        .hasSize(2)
        .satisfiesExactly(
            l -> assertThat(l).startsWith(file + " row 2: "),
            l -> assertThat(l).startsWith(file + " row 4: "));
  }

  @Test
  void theExportsWorkedRequestGivesItsResponse() throws IOException {
    Path samples = dir.resolve("repository/digits/samples");
    JsonNode response = JSON.readTree(samples.resolve("response.json").toFile());
    JsonNode predicted = json(samples.resolve("request.json").toString()).get(0);
    assertThat(predicted.path("outputs")).isEqualTo(response.path("outputs"));
    assertThat(response.at("/outputs/0/shape").toString()).isEqualTo("[32,10]");
    CliRun text =
        CliRun.of("predict", "--onnx", onnx.toString(), samples.resolve("request.json").toString());
    assertThat(text.out().lines()).hasSize(32);
    assertThat(text.out()).contains("request.json sample 32: ");
  }

  @Test
  void badInputIsOneLineAndExitCodeTwo() throws IOException {
    Path shortRow = dir.resolve("short.csv");
    Files.writeString(shortRow, "1,2,3\n");
    CliRun r = CliRun.of("predict", "--onnx", onnx.toString(), shortRow.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip())
        .doesNotContain("\n")
        .contains(
            "short.csv line 1: 3 numbers, the model's input image [-1, 1, 8, 8] FP32 takes 64");

    assertThat(CliRun.of("predict", "--onnx", onnx.toString(), "missing.png").err())
        .contains("missing.png: no such file");
    Path notAnImage = dir.resolve("broken.png");
    Files.writeString(notAnImage, "not a picture");
    assertThat(CliRun.of("predict", "--onnx", onnx.toString(), notAnImage.toString()).exitCode())
        .isEqualTo(2);
    CliRun both = CliRun.of("predict", "--onnx", onnx.toString(), "--url", "http://x", "a.png");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("give either --url URL --model NAME or --onnx FILE");
    assertThat(CliRun.of("predict", "--url", "http://x", "a.png").err())
        .contains("--url needs --model");
    assertThat(CliRun.of("predict", "--onnx", dir.resolve("none.onnx").toString(), "a.png").err())
        .contains("none.onnx: no such file");
  }

  @Test
  void aTensorOfTheWrongShapeIsRefusedByTheModelWithExitCodeOne() throws IOException {
    Path wrong = dir.resolve("wrong.json");
    Files.writeString(
        wrong, "{\"shape\": [1, 2, 8, 8], \"data\": [" + "0.5,".repeat(127) + "0.5]}");
    CliRun r = CliRun.of("predict", "--onnx", onnx.toString(), wrong.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").startsWith("neuralforge: model digits: ");
  }

  // --url: a stand-in v2 server

  /** Serves model "digits" (1x8x8 in, 10 scores out), recording the inference requests. */
  private String serve(int inferStatus, String inferBody) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v2/models/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          if (path.equals("/v2/models/digits") && exchange.getRequestMethod().equals("GET")) {
            answer(
                exchange,
                200,
                "{\"name\":\"digits\",\"versions\":[\"1\"],\"platform\":\"onnxruntime_onnx\","
                    + "\"inputs\":[{\"name\":\"image\",\"datatype\":\"FP32\",\"shape\":[-1,1,8,8]}],"
                    + "\"outputs\":[{\"name\":\"logits\",\"datatype\":\"FP32\",\"shape\":[-1,10]}]}");
          } else if (path.equals("/v2/models/digits/infer")) {
            bodies.add(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(exchange, inferStatus, inferBody);
          } else {
            answer(
                exchange,
                404,
                "{\"error\":\"Model with name " + path.substring(11) + " does not exist.\"}");
          }
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@code predict --url URL --model MODEL FILE}. */
  private static CliRun ask(String url, String model, Path file) {
    return CliRun.of("predict", "--url", url, "--model", model, file.toString());
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static final String SCORES =
      "{\"model_name\":\"digits\",\"outputs\":[{\"name\":\"logits\",\"datatype\":\"FP32\","
          + "\"shape\":[1,10],\"data\":[0,0,0,0,0,0,0,5,3,0]}]}";

  @Test
  void aServedModelIsAskedWithTheRunsPreprocessingAndItsClassesPrinted() throws IOException {
    String url = serve(200, SCORES);
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSample(3, 4, 0, 200);
    Path png = dir.resolve("seven.png");
    ImageIO.write(image, "png", png.toFile());

    CliRun r =
        CliRun.of(
            "predict", "--url", url + "/", "--model", "digits", "-f", runFile.toString(), "" + png);
    assertThat(r.exitCode()).as(r.err()).isZero();
    double p7 = Math.exp(5) / (Math.exp(5) + Math.exp(3) + 8);
    double p8 = Math.exp(3) / (Math.exp(5) + Math.exp(3) + 8);
    double p0 = 1 / (Math.exp(5) + Math.exp(3) + 8);
    assertThat(r.out().strip())
        .isEqualTo(String.format(Locale.ROOT, "%s: 7 %.3f, 8 %.3f, 0 %.3f", png, p7, p8, p0));
    V2Tensor sent = V2Tensor.fromJson(JSON.readTree(bodies.get(0)).at("/inputs/0"));
    assertThat(sent.name()).isEqualTo("image");
    assertThat(sent.shape()).containsExactly(1, 1, 8, 8);
    assertThat(sent.floats()[4 * 8 + 3]).isEqualTo(TinyDigits.normalized(200 / 255f));
    assertThat(sent.floats()[0]).isEqualTo(TinyDigits.normalized(0f));

    CliRun none = ask(url, "digits", png);
    assertThat(none.err()).contains("no preprocessing known");
    assertThat(none.out()).startsWith(png + ": 7 ");
    assertThat(V2Tensor.fromJson(JSON.readTree(bodies.get(1)).at("/inputs/0")).floats()[0])
        .isZero();

    CliRun asJson = CliRun.of("predict", "--url", url, "--model", "digits", "-o", "json", "" + png);
    assertThat(logits(JSON.readTree(asJson.out()))).containsExactly(0, 0, 0, 0, 0, 0, 0, 5, 3, 0);
  }

  @Test
  void theServersRefusalIsExitCodeOneWithItsMessage() throws IOException {
    String url = serve(400, "{\"error\":\"input image: shape [1, 1, 8, 8] is not [-1, 3, 8, 8]\"}");
    Path json = tensor("one.json", new float[64]);
    CliRun refused = ask(url, "digits", json);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err().strip())
        .isEqualTo(
            "neuralforge: model digits: input image: shape [1, 1, 8, 8] is not [-1, 3, 8, 8]");

    CliRun unknown = ask(url, "lenet", json);
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err().strip())
        .startsWith("neuralforge: model lenet not found at " + url)
        .contains("404")
        .doesNotContain("\n");
  }

  @Test
  void aServerThatFailsOrCannotBeReachedIsExitCodeThree() throws IOException {
    String url = serve(503, "{\"error\":\"model is loading\"}");
    Path json = tensor("two.json", new float[64]);
    CliRun failing = ask(url, "digits", json);
    assertThat(failing.exitCode()).isEqualTo(3);
    assertThat(failing.err()).contains("HTTP 503: model is loading");
    server.stop(0);
    server = null;

    CliRun gone = ask(url, "digits", json);
    assertThat(gone.exitCode()).isEqualTo(3);
    assertThat(gone.err().strip())
        .startsWith("neuralforge: cannot reach " + url)
        .doesNotContain("\n");
  }

  @Test
  void aServerThatDoesNotAnswerInTimeIsExitCodeThree() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try {
            Thread.sleep(3000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    assertThatThrownBy(
            () -> new InferenceClient(url, "digits", Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            PredictionFailure.class, e -> assertThat(e.exitCode).isEqualTo(Main.UNEXPECTED))
        .hasMessageContaining("no answer within 1 s");
  }
}
