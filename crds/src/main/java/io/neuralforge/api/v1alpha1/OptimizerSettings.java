package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The optimizer and its settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OptimizerSettings {

  /** Adam (default), AdamW or SGD. */
  public OptimizerType type;

  /** The initial learning rate; default 0.001. */
  @Min(0)
  public Double learningRate;

  /** L2 penalty (decoupled for AdamW); default 0. */
  @Min(0)
  public Double weightDecay;

  /** SGD's momentum; default 0.9. */
  @Min(0)
  @Max(1)
  public Double momentum;
}
