package io.neuralforge.trainer.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuralforge.api.reading.JsonLeaves;
import io.neuralforge.graph.GraphHash;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.trainer.run.RunSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What MLflow is told about a run before it trains: its name (the TrainingRun's), its tags and its
 * params.
 *
 * @param runName the TrainingRun's name
 * @param tags neuralforge.run, neuralforge.namespace, neuralforge.graphHash and
 *     neuralforge.trainerImage (when known); the dataset digest is added once the data is loaded
 * @param params the hyperparameters as given, flattened ("optimizer.learningRate"), with the
 *     defaults of epochs, batchSize and seed filled in, the dataset ("dataset.builtin", ...) and
 *     the architecture's name ("architecture")
 */
public record RunDescription(String runName, Map<String, String> tags, Map<String, String> params) {
  public static final String GRAPH_HASH_ENV = "NEURALFORGE_GRAPH_HASH";
  public static final String TRAINER_IMAGE_ENV = "NEURALFORGE_TRAINER_IMAGE";

  public RunDescription {
    tags = Map.copyOf(tags);
    params = Map.copyOf(params);
  }

  /**
   * @param env the trainer's environment: the namespace, graph hash and image the operator set (the
   *     graph hash is computed here when absent)
   */
  public static RunDescription of(
      JsonNode runManifest, RunSpec spec, GraphSpec graph, Map<String, String> env) {
    String name = runManifest.path("metadata").path("name").asText("training-run");
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("neuralforge.run", name);
    tags.put("neuralforge.namespace", MlflowTarget.namespace(env, runManifest));
    String graphHash = env.get(GRAPH_HASH_ENV);
    tags.put(
        "neuralforge.graphHash",
        graphHash == null || graphHash.isBlank() ? GraphHash.of(graph) : graphHash);
    String image = env.get(TRAINER_IMAGE_ENV);
    if (image != null && !image.isBlank()) {
      tags.put("neuralforge.trainerImage", image);
    }

    Map<String, String> params = new LinkedHashMap<>();
    JsonNode runSpec = runManifest.path("spec");
    String architecture = runSpec.path("architectureRef").path("name").asText(null);
    if (architecture != null) {
      params.put("architecture", architecture);
    }
    flatten("", runSpec.path("hyperparameters"), params);
    params.putIfAbsent("epochs", String.valueOf(spec.hyperparameters().epochsOrDefault()));
    params.putIfAbsent("batchSize", String.valueOf(spec.hyperparameters().batchSizeOrDefault()));
    params.putIfAbsent("seed", String.valueOf(spec.hyperparameters().seedOrDefault()));
    flatten("dataset", runSpec.path("dataset"), params);
    return new RunDescription(name, tags, params);
  }

  /** Each leaf a param: lists as compact JSON, the key and value as MLflow accepts them. */
  private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
    JsonLeaves.of(prefix, node)
        .forEach(
            (path, leaf) -> {
              String value = leaf.isValueNode() ? leaf.asText() : leaf.toString();
              if (!path.isEmpty()) {
                into.put(
                    key(path),
                    value.length() > MlflowClient.PARAM_VALUE_LIMIT
                        ? value.substring(0, MlflowClient.PARAM_VALUE_LIMIT)
                        : value);
              }
            });
  }

  /** A key MLflow accepts: letters, digits, "_", "-", ".", " " and "/". */
  private static String key(String name) {
    return name.replaceAll("[^A-Za-z0-9_\\-. /]", "_");
  }
}
