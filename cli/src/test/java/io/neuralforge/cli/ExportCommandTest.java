package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code neuralforge export} on a folder {@code neuralforge train} wrote. */
class ExportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static Path model;

  @BeforeAll
  static void trainDigits() throws IOException {
    Path run = dir.resolve("run.yaml");
    Files.writeString(
        run,
        Files.readString(Path.of("../examples/trainingruns/digits-mlp.yaml"))
            .replace("epochs: 30", "epochs: 3"));
    model = dir.resolve("model");
    CliRun trained =
        CliRun.of(
            "train",
            "-f",
            run.toString(),
            "--architecture",
            "../examples/architectures/mlp-digits.yaml",
            "--output",
            model.toString());
    assertThat(trained.exitCode()).as(trained.err()).isZero();
  }

  private static Path exportManifest(String precision, String validation) throws IOException {
    Path file = dir.resolve(precision + validation.hashCode() + ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: ModelExport
        metadata: {name: digits-onnx}
        spec:
          trainingRunRef: {name: digits-mlp}
          format: onnx
          opset: 17
          precision: %s
          validation: %s
        """
            .formatted(precision, validation));
    return file;
  }

  /** {@code neuralforge export -f SPEC --model MODEL --output OUTPUT}. */
  private static CliRun export(Path spec, Path model, Path output) {
    return CliRun.of(
        "export",
        "-f",
        spec.toString(),
        "--model",
        model.toString(),
        "--output",
        output.toString());
  }

  private static JsonNode lastLine(CliRun run) throws IOException {
    String[] lines = run.out().strip().split("\n");
    return JSON.readTree(lines[lines.length - 1]);
  }

  @Test
  void exportsAndValidatesOnTheRunsOwnValidationData() throws IOException {
    Path onnx = dir.resolve("fp32.onnx");
    CliRun r = export(exportManifest("fp32", "{samples: 100}"), model, onnx);
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode status = lastLine(r);
    assertThat(status.path("phase").asText()).isEqualTo("Succeeded");
    assertThat(status.at("/validation/samples").asInt()).isEqualTo(100);
    assertThat(status.at("/validation/maxAbsDiff").asDouble()).isLessThan(1e-4);
    assertThat(status.at("/validation/predictionAgreement").asDouble()).isEqualTo(1.0);
    assertThat(status.at("/validation/passed").asBoolean()).isTrue();
    assertThat(status.at("/artifact/sizeBytes").asLong()).isEqualTo(Files.size(onnx));
    assertThat(status.at("/artifact/sha256").asText()).startsWith("sha256:");
  }

  @Test
  void anExportIntoAModelRepositoryIsReadyToServe() throws IOException {
    Path repository = dir.resolve("repository");
    Path onnx = repository.resolve("digits/1/model.onnx");
    CliRun r = export(exportManifest("fp16", "{samples: 20}"), model, onnx);
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode serving = lastLine(r).path("serving");
    assertThat(serving.path("storageUri").asText()).isEqualTo(repository.toAbsolutePath() + "/");
    assertThat(serving.path("modelName").asText()).isEqualTo("digits");
    assertThat(serving.path("runtime").asText()).isEqualTo("kserve-tritonserver");
    assertThat(serving.at("/inputs/0/shape").toString()).isEqualTo("[-1,64]");
    // fp16 weights, fp32 arithmetic: the tensors a client sends and gets stay FP32
    assertThat(serving.at("/inputs/0/datatype").asText()).isEqualTo("FP32");
    assertThat(serving.at("/outputs/0/shape").toString()).isEqualTo("[-1,10]");
    String config = Files.readString(repository.resolve("digits/config.pbtxt"));
    assertThat(config)
        .contains("name: \"digits\"", "platform: \"onnxruntime_onnx\"", "dims: [-1, 64]");
  }

  @Test
  void aToleranceTheExportCannotMeetFailsWithExitCodeOne() throws IOException {
    CliRun r =
        export(
            exportManifest("fp16", "{samples: 50, tolerance: 1.0e-9}"),
            model,
            dir.resolve("fp16.onnx"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(lastLine(r).at("/validation/passed").asBoolean()).isFalse();
    assertThat(r.err()).contains("above the tolerance");
  }

  @Test
  void badInputIsOneLineAndExitCodeTwo() throws IOException {
    CliRun missing =
        export(
            exportManifest("fp32", "{samples: 10}"),
            dir.resolve("nothing-here"),
            dir.resolve("x.onnx"));
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err().strip()).doesNotContain("\n").contains("run.json");
    Path opset = dir.resolve("opset.yaml");
    Files.writeString(
        opset, Files.readString(exportManifest("fp32", "{}")).replace("opset: 17", "opset: 9"));
    CliRun old = export(opset, model, dir.resolve("y.onnx"));
    assertThat(old.exitCode()).isEqualTo(2);
    assertThat(old.err()).contains("spec.opset must be 17");
  }
}
