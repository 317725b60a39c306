package io.neuralforge.trainer.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The MLflow Model Registry an export is registered in. In an export pod the operator says so in
 * {@code NEURALFORGE_REGISTRY_*} (spec.registry.mlflow, else its own mlflowTrackingUri, the model
 * named for the namespace on its shared server); a local {@code neuralforge export} reads the
 * manifest's spec.registry.mlflow.
 *
 * @param model the registered model's name
 * @param experiment where the export's own MLflow run goes when the training run's cannot be used
 * @param trainingRunId the TrainingRun's MLflow run, which the model is logged under; null if none
 */
public record MlflowRegistryTarget(
    String uri, String model, String experiment, String trainingRunId) {
  public static final String URI_ENV = "NEURALFORGE_REGISTRY_URI";
  public static final String MODEL_ENV = "NEURALFORGE_REGISTRY_MODEL";
  public static final String EXPERIMENT_ENV = "NEURALFORGE_REGISTRY_EXPERIMENT";
  public static final String RUN_ID_ENV = "NEURALFORGE_REGISTRY_RUN_ID";

  /**
   * Where to register the export, or null when it is not registered.
   *
   * @param modelName the served model's name, the registered model's default
   */
  public static MlflowRegistryTarget resolve(
      Map<String, String> env, JsonNode exportManifest, String modelName) {
    String uri = env.get(URI_ENV);
    if (!blank(uri)) {
      return new MlflowRegistryTarget(
          uri.strip(),
          orElse(env.get(MODEL_ENV), modelName),
          orElse(env.get(EXPERIMENT_ENV), MlflowTarget.namespace(env, exportManifest)),
          blank(env.get(RUN_ID_ENV)) ? null : env.get(RUN_ID_ENV).strip());
    }
    JsonNode mlflow = exportManifest.path("spec").path("registry").path("mlflow");
    uri = mlflow.path("uri").asText(null);
    if (blank(uri)) {
      return null;
    }
    return new MlflowRegistryTarget(
        uri.strip(),
        orElse(mlflow.path("name").asText(null), modelName),
        MlflowTarget.namespace(env, exportManifest),
        null);
  }

  private static String orElse(String value, String otherwise) {
    return blank(value) ? otherwise : value.strip();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
