package io.neuralforge.trainer.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.neuralforge.api.v1alpha1.OptimizerType;
import io.neuralforge.api.v1alpha1.SchedulerType;
import io.neuralforge.api.v1alpha1.TrainingDefaults;
import java.util.List;
import java.util.Map;

/**
 * The parts of a TrainingRun's spec the trainer reads (docs/crd-reference.md); the rest (output,
 * runPolicy, ...) is the operator's. Absent fields take the documented defaults.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunSpec(Dataset dataset, Hyperparameters hyperparameters, Resources resources) {

  public RunSpec {
    dataset = dataset == null ? new Dataset(null, null, null, null, null) : dataset;
    hyperparameters =
        hyperparameters == null
            ? new Hyperparameters(null, null, null, null, null, null, null, null)
            : hyperparameters;
    resources = resources == null ? new Resources(null) : resources;
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Dataset(
      String builtin,
      String uri,
      String format,
      Double validationFraction,
      List<Map<String, Object>> augmentations) {
    public double validationFractionOrDefault() {
      return validationFraction == null ? 0.1 : validationFraction;
    }
  }

  /**
   * Training settings; {@code gradientClip} clips every gradient element to [-v, v] before the
   * update, {@code earlyStopping.patience} ends training after that many epochs without a lower
   * validation loss.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Hyperparameters(
      Integer epochs,
      Integer batchSize,
      Optimizer optimizer,
      Scheduler scheduler,
      Long seed,
      Boolean mixedPrecision,
      Double gradientClip,
      EarlyStopping earlyStopping) {
    public int epochsOrDefault() {
      return epochs == null ? TrainingDefaults.EPOCHS : epochs;
    }

    public int batchSizeOrDefault() {
      return batchSize == null ? TrainingDefaults.BATCH_SIZE : batchSize;
    }

    public long seedOrDefault() {
      return seed == null ? TrainingDefaults.SEED : seed;
    }

    public Optimizer optimizerOrDefault() {
      return optimizer == null ? new Optimizer(null, null, null, null) : optimizer;
    }

    public Scheduler schedulerOrDefault() {
      return scheduler == null ? new Scheduler(null, null, null) : scheduler;
    }
  }

  /** Adam (default), AdamW or SGD (with momentum). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Optimizer(
      OptimizerType type, Double learningRate, Double weightDecay, Double momentum) {
    public OptimizerType typeOrDefault() {
      return type == null ? OptimizerType.valueOf(TrainingDefaults.OPTIMIZER) : type;
    }

    public double learningRateOrDefault() {
      return learningRate == null ? TrainingDefaults.LEARNING_RATE : learningRate;
    }

    public double weightDecayOrDefault() {
      return weightDecay == null ? TrainingDefaults.WEIGHT_DECAY : weightDecay;
    }

    public double momentumOrDefault() {
      return momentum == null ? TrainingDefaults.MOMENTUM : momentum;
    }
  }

  /** None (default), Step (multiply by gamma every stepSize epochs) or Cosine (to zero). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Scheduler(SchedulerType type, Integer stepSize, Double gamma) {
    public SchedulerType typeOrDefault() {
      return type == null ? SchedulerType.valueOf(TrainingDefaults.SCHEDULER) : type;
    }

    /** Step: the epochs between decays, a third of the run unless given. */
    public int stepEvery(int epochs) {
      return stepSize == null ? Math.max(1, epochs / 3) : stepSize;
    }

    public double gammaOrDefault() {
      return gamma == null ? TrainingDefaults.STEP_GAMMA : gamma;
    }
  }

  /** Stop when the validation loss has not improved for {@code patience} epochs. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record EarlyStopping(Integer patience) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Resources(Gpu gpu) {
    public Gpu gpuOrDefault() {
      return gpu == null ? new Gpu("none", 1) : gpu;
    }
  }

  /** t4 | a10g | any | none, and how many. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Gpu(String type, Integer count) {
    public int countOrDefault() {
      return count == null ? 1 : count;
    }
  }
}
