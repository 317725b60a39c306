package io.neuralforge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuralforge.api.reading.ReadProblem;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.operator.architecture.ArchitectureGraphs;
import io.neuralforge.trainer.data.DatasetException;
import io.neuralforge.trainer.data.S3Settings;
import io.neuralforge.trainer.gpu.GpuPolicy;
import io.neuralforge.trainer.gpu.GpuUnavailableException;
import io.neuralforge.trainer.kube.KubernetesProgressSink;
import io.neuralforge.trainer.kube.KubernetesStatusWriter;
import io.neuralforge.trainer.run.LocalProgressSink;
import io.neuralforge.trainer.run.OutputSync;
import io.neuralforge.trainer.run.ProgressSink;
import io.neuralforge.trainer.run.RunSpec;
import io.neuralforge.trainer.run.TrainingException;
import io.neuralforge.trainer.run.TrainingJob;
import io.neuralforge.trainer.tracking.MlflowSink;
import io.neuralforge.trainer.tracking.MlflowTarget;
import io.neuralforge.trainer.tracking.RunDescription;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code neuralforge train}: trains a TrainingRun on this machine, as the trainer pod would. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a TrainingRun's architecture on this machine (CPU, or a local GPU).",
      "Prints progress, then the status the operator would write, as JSON, on the last line.",
      "Exit code 0: succeeded; 1: rejected (invalid graph, unusable data, diverged); 2: unreadable input;",
      "4: in a trainer pod, fewer GPUs visible than the run asks for (on a workstation: a warning)."
    })
final class TrainCommand implements Callable<Integer> {

  @Option(
      names = {"-f", "--filename"},
      required = true,
      description = "the TrainingRun manifest")
  String runFile;

  @Option(names = "--architecture", required = true, description = "the Architecture manifest(s)")
  String architectureFile;

  @Option(
      names = "--output",
      required = true,
      description = "folder for the model, metrics and snapshots")
  Path output;

  @Mixin DatasetsRoot datasets;

  @Override
  public Integer call() throws Exception {
    ObjectNode run = Manifests.single(runFile, Manifests.read(runFile), "TrainingRun", null);
    String wanted = run.path("spec").path("architectureRef").path("name").asText(null);
    ObjectNode architecture =
        Manifests.single(
            architectureFile, Manifests.read(architectureFile), "Architecture", wanted);
    RunSpec spec;
    try {
      spec = Manifests.JSON.treeToValue(run.path("spec"), RunSpec.class);
    } catch (JsonProcessingException e) {
      throw new UserInputException(runFile + ": TrainingRun spec: " + ReadProblem.describe(e));
    }
    GraphSpec graph =
        ArchitectureGraphs.toGraph(
            Manifests.convert(architectureFile, architecture, Architecture.class).getSpec());
    // in a trainer pod (it reports to its TrainingRun) a GPU run fails where it sees no GPU
    KubernetesStatusWriter status = KubernetesStatusWriter.forTrainingRun(System.getenv());
    ProgressSink sinks = sinks(run, spec, graph, status);
    GpuPolicy gpus =
        status != null ? GpuPolicy.trainerPod(System.err) : GpuPolicy.workstation(System.err);
    try {
      Map<String, Object> finished =
          TrainingJob.run(run, architecture, spec, graph, output, datasets.path, sinks, gpus);
      System.out.println(TrainingJob.toJsonLine(finished));
      return Main.OK;
    } catch (GpuUnavailableException e) {
      fail(run, e.getMessage());
      return Main.GPU_UNAVAILABLE;
    } catch (DatasetException | TrainingException e) {
      fail(run, e.getMessage());
      return Main.REJECTED;
    }
  }

  /** The one error line (and termination message), and the Failed status as the last line. */
  private static void fail(ObjectNode run, String message) throws java.io.IOException {
    ErrorLine.print(
        "neuralforge: TrainingRun "
            + run.path("metadata").path("name").asText("?")
            + ": "
            + message);
    System.out.println(TrainingJob.toJsonLine(Map.of("phase", Phases.FAILED, "message", message)));
  }

  /**
   * The terminal, plus, in a trainer pod, the TrainingRun's status (every 10 s at most) and the
   * output prefix in S3 (restored first, so that a retried pod resumes), plus an MLflow server when
   * the run is tracked (NEURALFORGE_MLFLOW_URI in a pod, else spec.tracking.mlflow.uri), which
   * tells the others (status.tracking) where.
   */
  private ProgressSink sinks(
      ObjectNode run, RunSpec spec, GraphSpec graph, KubernetesStatusWriter status)
      throws java.io.IOException {
    ProgressSink sink = new LocalProgressSink(System.out, System.err, 5000);
    if (status != null) {
      sink =
          ProgressSink.both(
              sink,
              new KubernetesProgressSink(status, 10_000, java.time.Clock.systemUTC(), System.err));
    }
    String outputUri = System.getenv("NEURALFORGE_OUTPUT_URI");
    if (outputUri != null && !outputUri.isBlank()) {
      OutputSync sync = new OutputSync(outputUri, S3Settings.fromEnvironment(), output);
      sync.restore();
      sink = ProgressSink.both(sink, sync);
    }
    MlflowTarget mlflow = MlflowTarget.resolve(System.getenv(), run);
    if (mlflow != null) {
      sink =
          ProgressSink.both(
              sink,
              MlflowSink.of(
                  mlflow,
                  RunDescription.of(run, spec, graph, System.getenv()),
                  output,
                  sink,
                  System.err));
    }
    return sink;
  }
}
