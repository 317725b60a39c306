package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The check of the exported file against the trained model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExportValidationSpec {

  /** Samples of the run's validation data to run through both; default 100. */
  @Min(1)
  @Max(100000)
  public Integer samples;

  /**
   * The largest absolute difference allowed between the two models' outputs; default 1e-4 for fp32,
   * 1e-2 for fp16.
   */
  @Min(0)
  public Double tolerance;
}
