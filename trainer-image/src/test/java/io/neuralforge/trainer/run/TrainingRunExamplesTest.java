package io.neuralforge.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example TrainingRun reads as the trainer reads it and names an example Architecture. */
class TrainingRunExamplesTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../examples/trainingruns"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void readsAndNamesAnExampleArchitecture(Path example) throws IOException {
    JsonNode run = YAML.readTree(example.toFile());
    assertThat(run.path("kind").asText()).isEqualTo("TrainingRun");
    assertThat(run.path("metadata").has("namespace")).isFalse();
    RunSpec spec = YAML.treeToValue(run.path("spec"), RunSpec.class);
    assertThat(spec.dataset().builtin() != null || spec.dataset().uri() != null).isTrue();
    String architecture = run.path("spec").path("architectureRef").path("name").asText();
    try (Stream<Path> files = Files.list(Path.of("../examples/architectures"))) {
      assertThat(
              files.map(
                  f -> {
                    try {
                      return YAML.readTree(f.toFile()).path("metadata").path("name").asText();
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  }))
          .contains(architecture);
    }
  }
}
