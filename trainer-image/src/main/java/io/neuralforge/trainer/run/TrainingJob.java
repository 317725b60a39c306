package io.neuralforge.trainer.run;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.RunOutputFiles;
import io.neuralforge.diagram.Diagrams;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.trainer.gpu.GpuPolicy;
import io.neuralforge.trainer.gpu.PyTorchEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training run end to end: fit the data, train, and leave a self-describing output folder: the
 * run manifest, the architecture snapshot, the best parameters, metrics.json, history.csv, the
 * curves and, for a classifier, the validation confusion matrix of the model it kept. Returns the
 * status the operator would write.
 */
public final class TrainingJob {
  private static final ObjectMapper JSON_LINE = new ObjectMapper();
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TrainingJob() {}

  /**
   * @param runManifest the TrainingRun as given (written to the output as run.json)
   * @param architectureManifest the Architecture as given (written as architecture.json)
   * @param gpuPolicy what to do when the engine sees fewer GPUs than the run asks for
   */
  public static Map<String, Object> run(
      ObjectNode runManifest,
      ObjectNode architectureManifest,
      RunSpec spec,
      GraphSpec graph,
      Path output,
      Path datasetsRoot,
      ProgressSink sink,
      GpuPolicy gpuPolicy)
      throws IOException, InterruptedException {
    ValidationResult validated = GraphValidator.validate(graph);
    if (!validated.valid()) {
      throw new TrainingException(
          "the architecture is invalid: " + validated.errors().get(0).describe());
    }
    // the devices first: a run that cannot have its GPUs fails before it loads any data
    List<Device> devices =
        gpuPolicy.devices(spec.resources().gpuOrDefault(), PyTorchEngine.get(), System.getenv());
    Files.createDirectories(output);
    new RunManifests(runManifest, architectureManifest).write(output);
    Files.writeString(
        output.resolve(RunOutputFiles.ARCHITECTURE_DIAGRAM), Diagrams.svg(graph, validated, false));
    PreparedData data =
        PreparedData.prepare(
            spec.dataset(), graph, validated, spec.hyperparameters().seedOrDefault(), datasetsRoot);
    String datasetDigest = data.digest();
    sink.started(datasetDigest);
    TrainingLoop.Result result =
        new TrainingLoop(spec, graph, validated, data, sink, output, devices).run();
    writeHistory(output.resolve(RunOutputFiles.HISTORY), result);
    String name = runManifest.path("metadata").path("name").asText("training run");
    CurvesChart.write(name, result.history(), output.resolve(RunOutputFiles.CURVES));
    if (result.confusion() != null) {
      ConfusionChart.write(
          name,
          result.confusion(),
          data.classNames(),
          result.bestEpoch(),
          output.resolve(RunOutputFiles.CONFUSION));
    }
    Map<String, Object> metrics = metrics(result);
    JSON.writeValue(output.resolve(RunOutputFiles.METRICS).toFile(), metrics);
    sink.finished(metrics);
    return status(result, metrics, output, datasetDigest);
  }

  static Map<String, Object> metrics(TrainingLoop.Result result) {
    EpochMetrics best = result.history().get(result.bestEpoch() - 1);
    EpochMetrics last = result.history().get(result.history().size() - 1);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("trainLoss", round(last.trainLoss()));
    m.put("trainAccuracy", round(last.trainAccuracy()));
    m.put("validationLoss", round(best.validationLoss()));
    m.put("validationAccuracy", round(best.validationAccuracy()));
    putIfKnown(m, "validationDice", best.validationDice());
    putIfKnown(m, "testLoss", result.test().loss());
    putIfKnown(m, "testAccuracy", result.test().accuracy());
    putIfKnown(m, "testDice", result.test().dice());
    m.put("bestEpoch", result.bestEpoch());
    m.put("epochs", result.history().size());
    m.put("samplesPerSecond", Math.round(result.samplesPerSecond()));
    m.put("devices", result.devices());
    m.put("device", result.device());
    return m;
  }

  private static void putIfKnown(Map<String, Object> metrics, String name, double value) {
    if (!Double.isNaN(value)) {
      metrics.put(name, round(value));
    }
  }

  private static Map<String, Object> status(
      TrainingLoop.Result result, Map<String, Object> metrics, Path output, String digest) {
    Map<String, Object> progress = new LinkedHashMap<>();
    progress.put("epoch", result.history().size());
    progress.put("totalEpochs", result.history().size());
    progress.put("percent", 100.0);
    progress.put("etaSeconds", 0);
    Map<String, Object> artifacts = new LinkedHashMap<>();
    artifacts.put("model", result.parameters().toAbsolutePath().toString());
    artifacts.put("metrics", output.resolve(RunOutputFiles.METRICS).toAbsolutePath().toString());
    artifacts.put(
        "architectureDiagram",
        output.resolve(RunOutputFiles.ARCHITECTURE_DIAGRAM).toAbsolutePath().toString());
    artifacts.put("curves", output.resolve(RunOutputFiles.CURVES).toAbsolutePath().toString());
    if (result.confusion() != null) {
      artifacts.put(
          "confusion", output.resolve(RunOutputFiles.CONFUSION).toAbsolutePath().toString());
    }
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("phase", Phases.SUCCEEDED);
    status.put("progress", progress);
    status.put("metrics", metrics);
    status.put("artifacts", artifacts);
    status.put("reproducibility", Map.of("datasetDigest", digest, "device", result.device()));
    return status;
  }

  private static void writeHistory(Path file, TrainingLoop.Result result) throws IOException {
    StringBuilder csv =
        new StringBuilder(
            "epoch,trainLoss,trainAccuracy,validationLoss,validationAccuracy,validationDice,learningRate,seconds,gradientNorm\n");
    for (EpochMetrics m : result.history()) {
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6g,%.2f,%.6g%n",
              m.epoch(),
              m.trainLoss(),
              m.trainAccuracy(),
              m.validationLoss(),
              m.validationAccuracy(),
              m.validationDice(),
              m.learningRate(),
              m.seconds(),
              m.gradientNorm()));
    }
    Files.writeString(file, csv);
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  public static String toJsonLine(Map<String, Object> status) throws IOException {
    return JSON_LINE.writeValueAsString(status);
  }
}
