package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The optimizer and its settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OptimizerSettings {

  /** Adam, AdamW or SGD. */
  @Default(TrainingDefaults.OPTIMIZER)
  public OptimizerType type;

  /** The initial learning rate. */
  @Default("" + TrainingDefaults.LEARNING_RATE)
  @Min(0)
  public Double learningRate;

  /** L2 penalty (decoupled for AdamW). */
  @Default("" + TrainingDefaults.WEIGHT_DECAY)
  @Min(0)
  public Double weightDecay;

  /** SGD's momentum; default 0.9. */
  @Min(0)
  @Max(1)
  public Double momentum;
}
