package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code neuralforge train}: the status on the last line, the output folder, the exit codes. */
class TrainCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DIGITS_ARCH = "../examples/architectures/mlp-digits.yaml";

  @TempDir Path dir;

  private String shortDigitsRun() throws IOException {
    Path run = dir.resolve("run.yaml");
    Files.writeString(
        run,
        Files.readString(Path.of("../examples/trainingruns/digits-mlp.yaml"))
            .replace("epochs: 30", "epochs: 3"));
    return run.toString();
  }

  private static JsonNode lastLine(CliRun run) throws IOException {
    String[] lines = run.out().strip().split("\n");
    return JSON.readTree(lines[lines.length - 1]);
  }

  @Test
  void trainsAndEndsWithTheStatusAsJson() throws IOException {
    Path out = dir.resolve("model");
    CliRun run =
        CliRun.of(
            "train",
            "-f",
            shortDigitsRun(),
            "--architecture",
            DIGITS_ARCH,
            "--output",
            out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode status = lastLine(run);
    assertThat(status.path("phase").asText()).isEqualTo("Succeeded");
    assertThat(status.path("metrics").path("validationAccuracy").asDouble()).isGreaterThan(0.8);
    assertThat(status.path("progress").path("epoch").asInt()).isEqualTo(3);
    assertThat(Path.of(status.path("artifacts").path("model").asText())).isRegularFile();
    assertThat(out.resolve("metrics.json")).isRegularFile();
    assertThat(run.err()).contains("epoch 3 done");
  }

  @Test
  void dataThatDoesNotFitExitsOneWithOneLine() throws IOException {
    Path arch = dir.resolve("arch.yaml");
    Files.writeString(
        arch, Files.readString(Path.of(DIGITS_ARCH)).replace("shape: [64]", "shape: [65]"));
    CliRun run =
        CliRun.of(
            "train",
            "-f",
            shortDigitsRun(),
            "--architecture",
            arch.toString(),
            "--output",
            dir.resolve("o").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .contains("TrainingRun digits-mlp")
        .contains("[64]")
        .contains("[65]")
        .doesNotContain("\n");
    assertThat(lastLine(run).path("phase").asText()).isEqualTo("Failed");
  }

  @Test
  void anInvalidGraphExitsOne() throws IOException {
    Path arch = dir.resolve("arch.yaml");
    Files.writeString(
        arch, Files.readString(Path.of(DIGITS_ARCH)).replace("outFeatures: 128", "outFeatures: 0"));
    CliRun run =
        CliRun.of(
            "train",
            "-f",
            shortDigitsRun(),
            "--architecture",
            arch.toString(),
            "--output",
            dir.resolve("o").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("node fc1, outFeatures");
  }

  @Test
  void missingFilesAndBadUsageExitTwo() throws IOException {
    CliRun missing =
        CliRun.of(
            "train",
            "-f",
            dir.resolve("nope.yaml").toString(),
            "--architecture",
            DIGITS_ARCH,
            "--output",
            "x");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err().strip()).contains("no such file").doesNotContain("\n");
    CliRun usage = CliRun.of("train", "-f", shortDigitsRun());
    assertThat(usage.exitCode()).isEqualTo(2);
    CliRun wrongArch =
        CliRun.of(
            "train",
            "-f",
            shortDigitsRun(),
            "--architecture",
            "../examples/architectures/unet.yaml",
            "--output",
            "x");
    assertThat(wrongArch.exitCode()).isEqualTo(2);
    assertThat(wrongArch.err()).contains("expected one Architecture named mlp-digits");
  }
}
