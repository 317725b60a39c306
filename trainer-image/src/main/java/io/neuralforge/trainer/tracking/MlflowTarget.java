package io.neuralforge.trainer.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The MLflow server and experiment a run is tracked in. In a trainer pod the operator says so in
 * {@code NEURALFORGE_MLFLOW_URI} and {@code NEURALFORGE_MLFLOW_EXPERIMENT} (spec.tracking.mlflow,
 * else its own mlflowTrackingUri, experiment defaulting to the namespace); a local {@code
 * neuralforge train} reads the manifest's spec.tracking.mlflow.
 */
public record MlflowTarget(String uri, String experiment) {
  public static final String URI_ENV = "NEURALFORGE_MLFLOW_URI";
  public static final String EXPERIMENT_ENV = "NEURALFORGE_MLFLOW_EXPERIMENT";

  /** Where to track the run, or null when it is not tracked. */
  public static MlflowTarget resolve(Map<String, String> env, JsonNode runManifest) {
    String uri = env.get(URI_ENV);
    if (!blank(uri)) {
      String experiment = env.get(EXPERIMENT_ENV);
      return new MlflowTarget(
          uri.strip(), blank(experiment) ? namespace(env, runManifest) : experiment.strip());
    }
    JsonNode mlflow = runManifest.path("spec").path("tracking").path("mlflow");
    uri = mlflow.path("uri").asText(null);
    if (blank(uri)) {
      return null;
    }
    String experiment = mlflow.path("experiment").asText(null);
    return new MlflowTarget(
        uri.strip(), blank(experiment) ? namespace(env, runManifest) : experiment.strip());
  }

  /** The run's namespace: the pod's, else the manifest's, else "default". */
  public static String namespace(Map<String, String> env, JsonNode runManifest) {
    String namespace = env.get("NEURALFORGE_NAMESPACE");
    if (blank(namespace)) {
      namespace = runManifest.path("metadata").path("namespace").asText(null);
    }
    return blank(namespace) ? "default" : namespace;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
