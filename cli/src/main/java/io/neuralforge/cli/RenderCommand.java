package io.neuralforge.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.OutputLocation;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.modelexport.ExportObjects;
import io.neuralforge.operator.modelexport.InferenceServices;
import io.neuralforge.operator.trainingrun.objects.TrainerOutput;
import io.neuralforge.operator.trainingrun.objects.TrainingRunObjects;
import io.neuralforge.operator.trainingsweep.SweepRuns;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code neuralforge render}: prints the objects the operator would create for each TrainingRun in
 * a file (graph snapshot, trainer ServiceAccount, Role, RoleBinding, Job), as multi-document YAML.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the objects the operator would create for a TrainingRun or a ModelExport, and the",
      "TrainingRuns a TrainingSweep starts with, as multi-document YAML.",
      "Without the Architecture (--architecture, or in the same file) the graph snapshot is left out.",
      "Exit code 0: rendered; 2: unreadable input."
    })
final class RenderCommand implements Callable<Integer> {

  @Option(
      names = {"-f", "--filename"},
      required = true,
      description = "the TrainingRun manifest(s)")
  String runFile;

  @Option(names = "--architecture", description = "the Architecture manifest(s)")
  String architectureFile;

  @Option(
      names = "--config",
      description = "the operator's configuration file (default: the built-in defaults)")
  Path config;

  @Override
  public Integer call() throws IOException {
    OperatorSettings settings = settings();
    List<ObjectNode> objects = new ArrayList<>(Manifests.read(runFile));
    if (architectureFile != null) {
      objects.addAll(Manifests.read(architectureFile));
    }
    List<ObjectNode> runs = ofKind(objects, "TrainingRun");
    List<ObjectNode> exports = ofKind(objects, "ModelExport");
    List<ObjectNode> sweeps = ofKind(objects, "TrainingSweep");
    if (runs.isEmpty() && exports.isEmpty() && sweeps.isEmpty()) {
      throw new UserInputException(
          runFile + ": no TrainingRun, ModelExport or TrainingSweep found");
    }
    StringBuilder out = new StringBuilder();
    for (ObjectNode node : sweeps) {
      for (TrainingRun run : sweepRuns(node)) {
        out.append("---\n").append(Manifests.toYaml(Manifests.JSON.valueToTree(run)));
      }
    }
    for (ObjectNode node : exports) {
      for (HasMetadata object : exportObjects(node, runs, settings)) {
        out.append("---\n").append(Manifests.toYaml(Manifests.JSON.valueToTree(object)));
      }
    }
    for (ObjectNode node : runs) {
      TrainingRun run = Manifests.convert(runFile, node, TrainingRun.class);
      String name = run.getMetadata() == null ? null : run.getMetadata().getName();
      if (name == null
          || run.getSpec() == null
          || run.getSpec().architectureRef == null
          || run.getSpec().architectureRef.name == null) {
        throw new UserInputException(
            runFile
                + ": TrainingRun "
                + name
                + ": needs metadata.name and spec.architectureRef.name");
      }
      if (run.getMetadata().getNamespace() == null) {
        run.getMetadata().setNamespace("default");
      }
      Architecture architecture = architecture(objects, run.getSpec().architectureRef.name);
      if (architecture == null) {
        System.err.println( // a warning: the objects still come
            "neuralforge: TrainingRun "
                + name
                + ": Architecture "
                + run.getSpec().architectureRef.name
                + " not given, so its graph snapshot is left out");
      } else if (architecture.getMetadata().getNamespace() == null) {
        architecture.getMetadata().setNamespace(run.getMetadata().getNamespace());
      }
      try {
        for (HasMetadata object : TrainingRunObjects.build(run, architecture, settings).all()) {
          out.append("---\n").append(Manifests.toYaml(Manifests.JSON.valueToTree(object)));
        }
      } catch (IllegalArgumentException e) {
        throw new UserInputException(runFile + ": TrainingRun " + name + ": " + e.getMessage());
      }
    }
    System.out.print(out);
    return Main.OK;
  }

  /**
   * The export Job and its companions, and the InferenceService that would serve the export. The
   * run's output location comes from the TrainingRun when the file holds it, else from the
   * operator's default output.
   */
  private List<HasMetadata> exportObjects(
      ObjectNode node, List<ObjectNode> runs, OperatorSettings settings) {
    ModelExport export = Manifests.convert(runFile, node, ModelExport.class);
    String name = export.getMetadata() == null ? null : export.getMetadata().getName();
    if (name == null
        || export.getSpec() == null
        || export.getSpec().trainingRunRef == null
        || export.getSpec().trainingRunRef.name == null) {
      throw new UserInputException(
          runFile + ": ModelExport " + name + ": needs metadata.name and spec.trainingRunRef.name");
    }
    if (export.getMetadata().getNamespace() == null) {
      export.getMetadata().setNamespace("default");
    }
    String runName = export.getSpec().trainingRunRef.name;
    TrainingRun run =
        runs.stream()
            .filter(r -> runName.equals(r.path("metadata").path("name").asText()))
            .findFirst()
            .map(r -> Manifests.convert(runFile, r, TrainingRun.class))
            .orElseGet(
                () -> {
                  TrainingRun stub = new TrainingRun();
                  stub.getMetadata().setName(runName);
                  stub.setSpec(new io.neuralforge.api.v1alpha1.TrainingRunSpec());
                  return stub;
                });
    run.getMetadata().setNamespace(export.getMetadata().getNamespace());
    OutputLocation output = TrainerOutput.resolve(run, settings);
    if (output == null) {
      throw new UserInputException(
          runFile
              + ": ModelExport "
              + name
              + ": TrainingRun "
              + runName
              + " has no spec.output and the operator no default output, so there is no model to"
              + " export (give the run's manifest, or --config with defaultOutput)");
    }
    ExportObjects objects = ExportObjects.build(export, run, output, settings);
    List<HasMetadata> all = new java.util.ArrayList<>(objects.all());
    all.add(InferenceServices.of(export, objects.servingUri()));
    return all;
  }

  /**
   * The TrainingRuns a sweep starts with. They go without the owner reference the operator sets,
   * which needs the sweep's uid: applied by hand they would be refused.
   */
  private List<TrainingRun> sweepRuns(ObjectNode node) {
    TrainingSweep sweep = Manifests.convert(runFile, node, TrainingSweep.class);
    String name = sweep.getMetadata() == null ? null : sweep.getMetadata().getName();
    if (name == null || sweep.getSpec() == null || sweep.getSpec().template == null) {
      throw new UserInputException(
          runFile + ": TrainingSweep " + name + ": needs metadata.name and spec.template");
    }
    if (sweep.getSpec().parameters == null || sweep.getSpec().parameters.isEmpty()) {
      throw new UserInputException(runFile + ": TrainingSweep " + name + ": needs spec.parameters");
    }
    if (sweep.getMetadata().getNamespace() == null) {
      sweep.getMetadata().setNamespace("default");
    }
    try {
      List<TrainingRun> first = SweepRuns.firstRuns(sweep);
      first.forEach(r -> r.getMetadata().setOwnerReferences(null));
      return first;
    } catch (SweepRuns.InvalidParameterException e) {
      throw new UserInputException(runFile + ": TrainingSweep " + name + ": " + e.getMessage());
    }
  }

  private OperatorSettings settings() {
    try {
      return OperatorSettings.load(config);
    } catch (IOException | RuntimeException e) {
      throw new UserInputException(
          config + ": cannot read the operator configuration: " + e.getMessage());
    }
  }

  private static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  private Architecture architecture(List<ObjectNode> objects, String name) {
    for (ObjectNode node : ofKind(objects, "Architecture")) {
      if (name.equals(node.path("metadata").path("name").asText())) {
        String file = architectureFile == null ? runFile : architectureFile;
        return Manifests.convert(file, node, Architecture.class);
      }
    }
    return null;
  }
}
