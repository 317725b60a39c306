package io.neuralforge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuralforge.api.reading.ReadProblem;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.trainer.data.DatasetException;
import io.neuralforge.trainer.data.S3Settings;
import io.neuralforge.trainer.export.ExportSpec;
import io.neuralforge.trainer.export.ModelExportJob;
import io.neuralforge.trainer.kube.KubernetesStatusWriter;
import io.neuralforge.trainer.run.OutputSync;
import io.neuralforge.trainer.run.TrainingException;
import io.neuralforge.trainer.run.TrainingJob;
import io.neuralforge.trainer.tracking.MlflowRegistryTarget;
import io.neuralforge.trainer.tracking.MlflowTarget;
import io.neuralforge.trainer.tracking.ModelRegistration;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code neuralforge export}: a trained run's folder to ONNX, validated on samples of the run's own
 * validation data.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Exports a trained model (the folder neuralforge train wrote) to ONNX and checks, with ONNX",
      "Runtime, that the file computes what the trained model computes on the run's validation data.",
      "Prints the export status as JSON on the last line.",
      "Exit code 0: exported and validated; 1: validation failed; 2: unreadable input."
    })
final class ExportCommand implements Callable<Integer> {

  @Option(
      names = {"-f", "--filename"},
      required = true,
      description = "the ModelExport manifest")
  String exportFile;

  @Option(names = "--model", required = true, description = "the trained run's output folder")
  Path model;

  @Option(names = "--output", required = true, description = "the ONNX file to write")
  Path output;

  @Mixin DatasetsRoot datasets;

  @Override
  public Integer call() throws Exception {
    ObjectNode manifest =
        Manifests.read(exportFile).stream()
            .filter(o -> "ModelExport".equals(o.path("kind").asText()))
            .findFirst()
            .orElseThrow(() -> new UserInputException(exportFile + ": no ModelExport found"));
    String name = manifest.path("metadata").path("name").asText("?");
    ExportSpec spec;
    try {
      spec = Manifests.JSON.treeToValue(manifest.path("spec"), ExportSpec.class);
    } catch (JsonProcessingException e) {
      throw new UserInputException(
          exportFile + ": ModelExport " + name + ": spec: " + ReadProblem.describe(e));
    }
    if (spec.problem() != null) {
      throw new UserInputException(exportFile + ": ModelExport " + name + ": " + spec.problem());
    }
    try {
      OutputSync storage = storage();
      if (storage != null) {
        storage.restore(); // the run's folder, from the prefix the trainer uploaded it to
      }
      Map<String, Object> status = ModelExportJob.run(spec, model, output, datasets.path);
      if (Phases.SUCCEEDED.equals(status.get("phase"))) {
        register(manifest, spec, status);
      }
      if (storage != null) {
        storage.upload();
      }
      report(status);
      System.out.println(TrainingJob.toJsonLine(status));
      if (!Phases.SUCCEEDED.equals(status.get("phase"))) {
        ErrorLine.print("neuralforge: ModelExport " + name + ": " + status.get("message"));
        return Main.REJECTED;
      }
      return Main.OK;
    } catch (NoSuchFileException e) {
      throw new UserInputException(
          "ModelExport "
              + name
              + ": "
              + e.getFile()
              + " does not exist (is --model the folder neuralforge train wrote?)");
    } catch (DatasetException | TrainingException e) {
      ErrorLine.print("neuralforge: ModelExport " + name + ": " + e.getMessage());
      System.out.println(
          TrainingJob.toJsonLine(Map.of("phase", Phases.FAILED, "message", e.getMessage())));
      return Main.REJECTED;
    }
  }

  /** A validated export becomes a new version in the registry, where spec.registry names one. */
  private void register(ObjectNode manifest, ExportSpec spec, Map<String, Object> status) {
    String name = manifest.path("metadata").path("name").asText("export");
    Map<String, String> env = System.getenv();
    MlflowRegistryTarget target = MlflowRegistryTarget.resolve(env, manifest, spec.modelName(name));
    if (target != null) {
      new ModelRegistration(target, System.err)
          .into(
              status,
              MlflowTarget.namespace(env, manifest) + "/" + name,
              env.get("NEURALFORGE_MODELEXPORT_UID"),
              output);
    }
  }

  /** In an export pod whose run went to S3: the run's folder there, kept in sync. */
  private OutputSync storage() {
    String uri = System.getenv("NEURALFORGE_OUTPUT_URI");
    return uri == null || uri.isBlank()
        ? null
        : new OutputSync(uri, S3Settings.fromEnvironment(), model);
  }

  /**
   * In an export pod: the artifact (at the URI users find it) and the validation go into the
   * ModelExport's status, under the trainer image's field manager.
   */
  @SuppressWarnings("unchecked")
  private static void report(Map<String, Object> status) throws Exception {
    String uri = System.getenv("NEURALFORGE_ARTIFACT_URI");
    if (uri != null && !uri.isBlank()) {
      ((Map<String, Object>) status.get("artifact")).put("uri", uri);
    }
    String repository = System.getenv("NEURALFORGE_SERVING_URI");
    Map<String, Object> serving = (Map<String, Object>) status.get("serving");
    if (serving != null && repository != null && !repository.isBlank()) {
      serving.put("storageUri", repository);
    }
    KubernetesStatusWriter writer = KubernetesStatusWriter.forModelExport(System.getenv());
    if (writer != null) {
      Map<String, Object> reported = new java.util.LinkedHashMap<>();
      reported.put("artifact", status.get("artifact"));
      reported.put("validation", status.get("validation"));
      if (serving != null) {
        reported.put("serving", serving);
      }
      writer.apply(reported);
    }
  }
}
