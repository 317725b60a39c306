package io.neuralforge.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.neuralforge.api.v1alpha1.OptimizerType;
import io.neuralforge.api.v1alpha1.RunOutputFiles;
import io.neuralforge.api.v1alpha1.SchedulerType;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the trainer writes into an output folder the exporter reads back: the same run and graph.
 */
class RunManifestsTest {
  private static final Path EXAMPLES = Path.of("../examples");

  private static JsonNode example(String path) throws Exception {
    return new YAMLMapper().readTree(EXAMPLES.resolve(path).toFile());
  }

  @Test
  void theExporterReadsBackTheRunAndTheGraphTheTrainerWrote(@TempDir Path folder) throws Exception {
    RunManifests written =
        new RunManifests(
            example("trainingruns/digits-mlp.yaml"), example("architectures/mlp-digits.yaml"));
    written.write(folder);

    RunManifests read = RunManifests.read(folder);
    assertThat(read).isEqualTo(written);
    RunSpec.Hyperparameters hp = read.runSpec().hyperparameters();
    assertThat(hp.optimizerOrDefault().typeOrDefault()).isEqualTo(OptimizerType.Adam);
    assertThat(hp.schedulerOrDefault().typeOrDefault()).isEqualTo(SchedulerType.Cosine);
    assertThat(read.graph()).isEqualTo(written.graph());
    assertThat(read.graph().nodes()).isNotEmpty();
  }

  @Test
  void aFolderWithoutTheArchitectureSaysWhichFileIsMissing(@TempDir Path folder) throws Exception {
    new RunManifests(
            example("trainingruns/digits-mlp.yaml"), example("architectures/mlp-digits.yaml"))
        .write(folder);
    java.nio.file.Files.delete(folder.resolve(RunOutputFiles.ARCHITECTURE));
    assertThatThrownBy(() -> RunManifests.read(folder))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageEndingWith(RunOutputFiles.ARCHITECTURE);
  }
}
