package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example validates, and the published figures hold where they exist. */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("../examples/architectures");
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static JsonNode status(String file) throws IOException {
    CliRun run = CliRun.of("validate", "-o", "json", file);
    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    return JSON.readTree(run.out()).path("status");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleIsValid(Path example) throws IOException {
    JsonNode status = status(example.toString());
    assertThat(status.path("phase").asText()).isEqualTo("Valid");
    assertThat(status.path("errors")).isEmpty();
    assertThat(status.path("parameterCount").asLong()).isPositive();
    assertThat(status.path("outputs")).allSatisfy(o -> assertThat(o.path("shape")).isNotEmpty());
    assertThat(Files.readString(example)).doesNotContain("namespace:");
  }

  @Test
  void resnet18MatchesTorchvision() throws IOException {
    JsonNode status = status(EXAMPLES.resolve("resnet18.yaml").toString());
    assertThat(status.path("parameterCount").asLong()).isEqualTo(11_689_512L);
    assertThat((double) status.path("macs").asLong())
        .isCloseTo(1.81e9, Percentage.withPercentage(1));
    assertThat(status.path("outputs").get(0).path("shape").toString()).isEqualTo("[1000]");
    assertThat(status.path("nodes").get(0).path("outputShape").toString())
        .isEqualTo("[64,112,112]");
  }

  @Test
  void publishedFiguresOfTheOtherExamples() throws IOException {
    // kuangliu's CIFAR ResNet-18 and milesial's U-Net (bilinear=False, 2 classes)
    assertThat(
            status(EXAMPLES.resolve("resnet18-cifar10.yaml").toString())
                .path("parameterCount")
                .asLong())
        .isEqualTo(11_173_962L);
    assertThat(status(EXAMPLES.resolve("unet.yaml").toString()).path("parameterCount").asLong())
        .isEqualTo(31_037_698L);
    JsonNode unet = status(EXAMPLES.resolve("unet.yaml").toString());
    assertThat(unet.path("outputs").get(0).path("shape").toString()).isEqualTo("[2,256,256]");
  }
}
