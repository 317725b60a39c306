package io.neuralforge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuralforge.api.reading.ReadProblem;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.graph.Shape;
import io.neuralforge.operator.architecture.ArchitectureGraphs;
import io.neuralforge.trainer.data.DatasetException;
import io.neuralforge.trainer.run.EpochSamples;
import io.neuralforge.trainer.run.PreparedData;
import io.neuralforge.trainer.run.RunSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code neuralforge dataset preview}: a grid of the first samples training feeds the network in
 * its first epoch, each as stored and as fed (after the run's augmentations, with the run's seed),
 * with their labels, and the training part's class counts beside it.
 */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    description = {
      "Draws a grid of the samples a TrainingRun trains on first, each as stored and after its",
      "augmentations (the trainer's code and seed: what the network is fed), with their labels and",
      "the class counts; segmentation masks in colour. Image datasets: builtin, folder or S3."
    })
final class DatasetPreviewCommand implements Callable<Integer> {
  /** The most samples one preview draws. */
  static final int MAX_COUNT = 256;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      description = "the TrainingRun manifest")
  String runFile;

  @Option(
      names = "--architecture",
      description =
          "the Architecture manifest(s): samples fitted to its input, as training fits them"
              + " (default: the dataset's own shape)")
  String architectureFile;

  @Option(
      names = {"-o", "--output"},
      required = true,
      description = "the PNG to write")
  Path output;

  @Option(
      names = "--count",
      description = "samples to draw, 1 to " + MAX_COUNT + " (default: ${DEFAULT-VALUE})")
  int count = 16;

  @Option(
      names = "--classes",
      split = ",",
      description = "only samples of these classes (their indices), e.g. --classes 3,8")
  Set<Integer> classes;

  @Mixin DatasetsRoot datasets;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || count > MAX_COUNT) {
      throw new UserInputException("--count must be between 1 and " + MAX_COUNT + ", got " + count);
    }
    if (!output.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
      throw new UserInputException("-o " + output + ": the preview is a PNG (name it .png)");
    }
    ObjectNode run = Manifests.single(runFile, Manifests.read(runFile), "TrainingRun", null);
    String name = run.path("metadata").path("name").asText("?");
    RunSpec spec;
    try {
      spec = Manifests.JSON.treeToValue(run.path("spec"), RunSpec.class);
    } catch (JsonProcessingException e) {
      throw new UserInputException(runFile + ": TrainingRun spec: " + ReadProblem.describe(e));
    }
    long seed = spec.hyperparameters().seedOrDefault();
    try {
      PreparedData data = prepare(run, spec, seed);
      Shape shape = data.train().sampleShape();
      if (!DatasetPreviewImage.drawable(shape)) {
        throw new UserInputException(
            "TrainingRun "
                + name
                + ": its samples have shape "
                + shape
                + "; a preview draws images ([C, H, W] with 1 or 3 channels, or [H, W])");
      }
      List<EpochSamples.Sample> samples =
          EpochSamples.first(
              data.train(),
              data.augmentations(),
              seed,
              1,
              count,
              label -> classes == null || classes.contains(label));
      DatasetPreviewImage.write(
          name
              + ": "
              + describe(spec.dataset())
              + ", the first samples of epoch 1 (seed "
              + seed
              + ")",
          data.train(),
          data.classNames(),
          samples,
          output);
      System.out.println(
          "neuralforge: wrote " + output + " (" + samples.size() + " samples, stored and as fed)");
      return Main.OK;
    } catch (DatasetException e) {
      ErrorLine.print("neuralforge: TrainingRun " + name + ": " + e.getMessage());
      return Main.REJECTED;
    }
  }

  private PreparedData prepare(ObjectNode run, RunSpec spec, long seed) {
    if (architectureFile == null) {
      return PreparedData.unfitted(spec.dataset(), seed, datasets.path);
    }
    String wanted = run.path("spec").path("architectureRef").path("name").asText(null);
    ObjectNode architecture =
        Manifests.single(
            architectureFile, Manifests.read(architectureFile), "Architecture", wanted);
    GraphSpec graph =
        ArchitectureGraphs.toGraph(
            Manifests.convert(architectureFile, architecture, Architecture.class).getSpec());
    return PreparedData.prepare(
        spec.dataset(), graph, GraphValidator.validate(graph), seed, datasets.path);
  }

  private static String describe(RunSpec.Dataset dataset) {
    return dataset.builtin() != null ? dataset.builtin() : String.valueOf(dataset.uri());
  }
}
