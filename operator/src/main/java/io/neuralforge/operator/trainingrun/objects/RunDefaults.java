package io.neuralforge.operator.trainingrun.objects;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neuralforge.api.v1alpha1.Hyperparameters;
import io.neuralforge.api.v1alpha1.TrainingDefaults;
import io.neuralforge.api.v1alpha1.TrainingRun;
import java.util.LinkedHashMap;
import java.util.Map;

/** The hyperparameters a run trains with, defaults filled in, for the reproducibility record. */
public final class RunDefaults {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private RunDefaults() {}

  public static long seed(TrainingRun run) {
    Hyperparameters hp = run.getSpec().hyperparameters;
    return hp == null || hp.seed == null ? TrainingDefaults.SEED : hp.seed;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> hyperparameters(TrainingRun run) {
    Hyperparameters hp = run.getSpec().hyperparameters;
    Map<String, Object> given =
        hp == null ? new LinkedHashMap<>() : JSON.convertValue(hp, Map.class);
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("epochs", TrainingDefaults.EPOCHS);
    all.put("batchSize", TrainingDefaults.BATCH_SIZE);
    all.put("seed", TrainingDefaults.SEED);
    all.put("mixedPrecision", TrainingDefaults.MIXED_PRECISION);
    Map<String, Object> optimizer = new LinkedHashMap<>();
    optimizer.put("type", TrainingDefaults.OPTIMIZER);
    optimizer.put("learningRate", TrainingDefaults.LEARNING_RATE);
    optimizer.put("weightDecay", TrainingDefaults.WEIGHT_DECAY);
    Map<String, Object> scheduler = new LinkedHashMap<>();
    scheduler.put("type", TrainingDefaults.SCHEDULER);
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
