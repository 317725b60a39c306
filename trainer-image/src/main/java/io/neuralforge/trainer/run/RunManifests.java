package io.neuralforge.trainer.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.neuralforge.api.v1alpha1.RunOutputFiles;
import io.neuralforge.graph.GraphSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The TrainingRun and Architecture manifests a run's output folder describes itself with: the
 * trainer writes them before it trains, the exporter reads them back for the run's dataset and the
 * graph it trained. Their file names and the field both sides read live here, once.
 */
public record RunManifests(JsonNode run, JsonNode architecture) {
  private static final String SPEC = "spec";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes both manifests, as given, into {@code folder}. */
  public void write(Path folder) throws IOException {
    JSON.writeValue(folder.resolve(RunOutputFiles.RUN).toFile(), run);
    JSON.writeValue(folder.resolve(RunOutputFiles.ARCHITECTURE).toFile(), architecture);
  }

  /** The manifests a trained run's {@code folder} holds. */
  public static RunManifests read(Path folder) throws IOException {
    return new RunManifests(
        tree(folder.resolve(RunOutputFiles.RUN)),
        tree(folder.resolve(RunOutputFiles.ARCHITECTURE)));
  }

  /** The parts of the TrainingRun's spec the trainer reads. */
  public RunSpec runSpec() throws JsonProcessingException {
    return JSON.treeToValue(run.path(SPEC), RunSpec.class);
  }

  /** The graph the run trained. */
  public GraphSpec graph() throws JsonProcessingException {
    return JSON.treeToValue(architecture.path(SPEC), GraphSpec.class);
  }

  private static JsonNode tree(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    return JSON.readTree(file.toFile());
  }
}
