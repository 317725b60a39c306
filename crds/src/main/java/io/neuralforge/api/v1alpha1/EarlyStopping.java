package io.neuralforge.api.v1alpha1;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** Ends training early when the validation loss stops improving. */
public class EarlyStopping {

  /** Epochs without a lower validation loss before training stops. */
  @Required
  @Min(1)
  public Integer patience;
}
