package io.neuralforge.trainer.tracking;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Logs a validated export as an MLflow model of the onnx flavor and registers it as a new version
 * of the target's registered model. The model goes under the TrainingRun's own MLflow run when that
 * run exists in the experiment it should be in (a status the tenant can write names it, so it is
 * checked, never trusted); else under a run of the export's own, which is ended here.
 */
public final class ModelRegistration {
  /** The tag that names the ModelExport on the run and the model version. */
  static final String EXPORT_TAG = "neuralforge.modelExport";

  private final MlflowClient client;
  private final MlflowRegistryTarget target;
  private final PrintStream log;

  public ModelRegistration(MlflowRegistryTarget target, PrintStream log) {
    this(new MlflowClient(target.uri()), target, log);
  }

  ModelRegistration(MlflowClient client, MlflowRegistryTarget target, PrintStream log) {
    this.client = client;
    this.target = target;
    this.log = log;
  }

  /**
   * Registers the exported {@code model} and says so in the export's status: {@code
   * serving.registeredModel}, or {@code serving.registryWarning} when the registry failed, which
   * costs the export nothing.
   *
   * @param export the ModelExport's namespace/name
   * @param uid the ModelExport's uid, which keeps each export's logged model apart; null locally
   */
  @SuppressWarnings("unchecked")
  public void into(Map<String, Object> status, String export, String uid, Path model) {
    Map<String, Object> serving =
        (Map<String, Object>) status.computeIfAbsent("serving", k -> new LinkedHashMap<>());
    String suffix =
        uid == null || uid.length() < 8
            ? Long.toString(System.currentTimeMillis() / 1000)
            : uid.substring(0, 8);
    String artifactPath = "models/" + nameOf(export) + "-" + suffix;
    try {
      serving.put(
          "registeredModel",
          register(
              export,
              artifactPath,
              model,
              MlmodelFile.Tensor.listed(serving.get("inputs")),
              MlmodelFile.Tensor.listed(serving.get("outputs"))));
    } catch (MlflowClient.Failure e) {
      String warning =
          "MLflow registry at "
              + target.uri()
              + ": "
              + e.getMessage()
              + "; the export is not registered";
      log.println("neuralforge: ModelExport " + export + ": " + warning);
      serving.put("registryWarning", warning);
    }
  }

  /**
   * Registers {@code model}; returns status.serving.registeredModel ({name, version, uri}).
   *
   * @param export the ModelExport's namespace/name, for tags and its run's name
   * @param artifactPath the folder the model is logged to in the run's artifacts
   */
  public Map<String, Object> register(
      String export,
      String artifactPath,
      Path model,
      List<MlmodelFile.Tensor> inputs,
      List<MlmodelFile.Tensor> outputs)
      throws MlflowClient.Failure {
    MlflowClient.Run training = trainingRun();
    MlflowClient.Run run =
        training != null
            ? training
            : client.createRun(
                client.experimentId(target.experiment()),
                nameOf(export),
                System.currentTimeMillis(),
                Map.of(EXPORT_TAG, export));
    boolean ours = training == null;
    String ended = "FAILED";
    try {
      Path mlmodel;
      try {
        mlmodel = Files.createTempFile("MLmodel", "");
        Files.writeString(
            mlmodel,
            MlmodelFile.text(
                artifactPath, run.runId(), inputs, outputs, Instant.now(), UUID.randomUUID()));
      } catch (IOException e) {
        throw new MlflowClient.Failure("cannot write MLmodel: " + e.getMessage(), false, e);
      }
      try {
        client.uploadArtifact(run, artifactPath + "/" + MlmodelFile.MODEL_FILE, model);
        client.uploadArtifact(run, artifactPath + "/MLmodel", mlmodel);
      } finally {
        mlmodel.toFile().delete();
      }
      client.registeredModel(target.model());
      String version =
          client.createModelVersion(
              target.model(),
              "runs:/" + run.runId() + "/" + artifactPath,
              run.runId(),
              Map.of(EXPORT_TAG, export));
      ended = "FINISHED";
      Map<String, Object> registered = new LinkedHashMap<>();
      registered.put("name", target.model());
      registered.put("version", version);
      registered.put("uri", "models:/" + target.model() + "/" + version);
      log.println(
          "MLflow: registered "
              + registered.get("uri")
              + " from run "
              + run.runId()
              + (ours ? " (the export's own)" : " (the training run's)"));
      return registered;
    } finally {
      if (ours) {
        endQuietly(run, ended);
      }
    }
  }

  /** The export's name without its namespace. */
  private static String nameOf(String export) {
    return export.substring(export.indexOf('/') + 1);
  }

  /** The TrainingRun's MLflow run, when it is there and in the experiment it should be in. */
  private MlflowClient.Run trainingRun() throws MlflowClient.Failure {
    if (target.trainingRunId() == null) {
      return null;
    }
    MlflowClient.Run run = client.getRun(target.trainingRunId());
    if (run == null) {
      log.println(
          "MLflow: no run " + target.trainingRunId() + "; the export logs a run of its own");
      return null;
    }
    String experiment = client.experimentName(run.experimentId());
    if (!experiment.equals(target.experiment())) {
      log.println(
          "MLflow: run "
              + run.runId()
              + " is in experiment "
              + experiment
              + ", not "
              + target.experiment()
              + "; the export logs a run of its own");
      return null;
    }
    return run;
  }

  private void endQuietly(MlflowClient.Run run, String status) {
    try {
      client.endRun(run.runId(), status, System.currentTimeMillis());
    } catch (MlflowClient.Failure e) {
      log.println("MLflow: could not end run " + run.runId() + ": " + e.getMessage());
    }
  }
}
