package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Training settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Hyperparameters {

  /** Passes over the training data. */
  @Default("" + TrainingDefaults.EPOCHS)
  @Min(1)
  @Max(100000)
  public Integer epochs;

  /** Samples per step (split across the GPUs when gpu.count is above 1). */
  @Default("" + TrainingDefaults.BATCH_SIZE)
  @Min(1)
  @Max(65536)
  public Integer batchSize;

  /** Adam (default), AdamW or SGD with momentum. */
  public OptimizerSettings optimizer;

  /** How the learning rate changes over training: None (default), Step or Cosine. */
  public SchedulerSettings scheduler;

  /** Seeds initialisation, shuffling, the validation split and augmentations. */
  @Default("" + TrainingDefaults.SEED)
  public Long seed;

  /** Train in float16 where the GPU supports it. */
  @Default("" + TrainingDefaults.MIXED_PRECISION)
  public Boolean mixedPrecision;

  /** Clip every gradient element to [-gradientClip, gradientClip] before the update. */
  @Min(0)
  public Double gradientClip;

  /** Stop when the validation loss has not improved for a number of epochs. */
  public EarlyStopping earlyStopping;
}
