package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** The learning-rate schedule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SchedulerSettings {

  /** None (constant), Step (multiply by gamma every stepSize epochs) or Cosine (to zero). */
  @Default(TrainingDefaults.SCHEDULER)
  public SchedulerType type;

  /** Step: epochs between decays; default a third of the epochs. */
  @Min(1)
  public Integer stepSize;

  /** Step: the factor applied at each decay; default 0.1. */
  @Min(0)
  public Double gamma;
}
