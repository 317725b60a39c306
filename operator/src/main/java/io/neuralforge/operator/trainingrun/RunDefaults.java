package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neuralforge.api.v1alpha1.Hyperparameters;
import io.neuralforge.api.v1alpha1.TrainingRun;
import java.util.LinkedHashMap;
import java.util.Map;

/** The trainer's documented defaults, filled in for the reproducibility record. */
final class RunDefaults {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private RunDefaults() {}

  static long seed(TrainingRun run) {
    Hyperparameters hp = run.getSpec().hyperparameters;
    return hp == null || hp.seed == null ? 42 : hp.seed;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> hyperparameters(TrainingRun run) {
    Hyperparameters hp = run.getSpec().hyperparameters;
    Map<String, Object> given =
        hp == null ? new LinkedHashMap<>() : JSON.convertValue(hp, Map.class);
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("epochs", 10);
    all.put("batchSize", 64);
    all.put("seed", 42);
    all.put("mixedPrecision", false);
    Map<String, Object> optimizer = new LinkedHashMap<>();
    optimizer.put("type", "Adam");
    optimizer.put("learningRate", 0.001);
    optimizer.put("weightDecay", 0.0);
    Map<String, Object> scheduler = new LinkedHashMap<>();
    scheduler.put("type", "None");
    all.put("optimizer", optimizer);
    all.put("scheduler", scheduler);
    given.forEach(
        (key, value) -> {
          if (value instanceof Map<?, ?> nested && all.get(key) instanceof Map<?, ?> defaults) {
            ((Map<String, Object>) defaults).putAll((Map<String, Object>) nested);
          } else {
            all.put(key, value);
          }
        });
    return all;
  }
}
