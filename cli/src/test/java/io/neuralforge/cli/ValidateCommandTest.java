package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes, output formats and messages of {@code neuralforge validate}. */
class ValidateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BROKEN =
      """
      apiVersion: neuralforge.io/v1alpha1
      kind: Architecture
      metadata: {name: broken}
      spec:
        inputs: [{name: image, shape: [1, 28, 28]}]
        nodes:
          - {id: conv1, type: Conv2D, inputs: [image], params: {outChannels: 8, kernelSize: 3}}
          - {id: flat, type: Flatten, inputs: [conv1]}
          - {id: fc, type: Linear, inputs: [flat], params: {outFeatures: 10}}
          - {id: bad, type: Conv2D, inputs: [fc], params: {outChannels: 8, kernelSize: 3}}
        outputs: [bad]
      """;

  @TempDir Path dir;

  private String write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file.toString();
  }

  @Test
  void invalidGraphExitsOneWithErrorsNamingTheNode() throws IOException {
    CliRun run = CliRun.of("validate", "-o", "json", write("broken.yaml", BROKEN));
    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode status = JSON.readTree(run.out()).path("status");
    assertThat(status.path("phase").asText()).isEqualTo("Invalid");
    assertThat(status.path("errors"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path("node").asText()).isEqualTo("bad");
              assertThat(e.path("field").asText()).isEqualTo("inputs");
              assertThat(e.path("message").asText()).contains("[C, H, W]").contains("[10]");
            });
    assertThat(status.path("conditions").get(0).path("status").asText()).isEqualTo("False");
  }

  @Test
  void severalDocumentsPrintAsAList() throws IOException {
    String lenet = Files.readString(Path.of("../examples/architectures/lenet-bn.yaml"));
    CliRun run = CliRun.of("validate", "-o", "json", write("two.yaml", lenet + "\n---\n" + BROKEN));
    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode list = JSON.readTree(run.out());
    assertThat(list.path("kind").asText()).isEqualTo("List");
    assertThat(list.path("items"))
        .extracting(i -> i.path("status").path("phase").asText())
        .containsExactly("Valid", "Invalid");
  }

  @Test
  void yamlAndTextOutputs() throws IOException {
    CliRun yaml = CliRun.of("validate", "-o", "yaml", "../examples/architectures/mlp-digits.yaml");
    assertThat(yaml.exitCode()).isZero();
    assertThat(yaml.out())
        .contains("kind: Architecture")
        .contains("phase: Valid")
        .contains("parameterCount: 17226");
    CliRun text = CliRun.of("validate", "../examples/architectures/mlp-digits.yaml");
    assertThat(text.out())
        .startsWith("mlp-digits: Valid, 17,226 parameters")
        .contains("NODE")
        .containsPattern("fc1 +Linear +\\[128\\] +8,320");
  }

  @Test
  void unreadableInputExitsTwoWithOneLine() throws IOException {
    assertOneLineFailure(
        CliRun.of("validate", dir.resolve("missing.yaml").toString()), "no such file");
    assertOneLineFailure(CliRun.of("validate", write("bad.yaml", "spec: [unclosed")), "bad.yaml");
    assertOneLineFailure(
        CliRun.of(
            "validate", write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n")),
        "v1 Pod, not an neuralforge.io/v1alpha1 Architecture");
    assertOneLineFailure(
        CliRun.of("validate", write("shape.yaml", BROKEN.replace("[1, 28, 28]", "[1, \"x\", 28]"))),
        "spec.inputs[0].shape[1]");
    assertOneLineFailure(CliRun.of("validate", "-o", "xml", "x.yaml"), "xml");
  }

  private static void assertOneLineFailure(CliRun run, String fragment) {
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).contains(fragment).doesNotContain("\n").doesNotContain("\tat ");
  }
}
