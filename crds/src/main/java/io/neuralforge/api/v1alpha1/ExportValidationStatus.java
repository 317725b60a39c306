package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How closely the exported model matched the trained one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExportValidationStatus {

  /** Samples compared. */
  public Integer samples;

  /** The largest absolute difference between the two models' outputs. */
  public Double maxAbsDiff;

  /** The share of predictions (arg max over classes) on which both agree. */
  public Double predictionAgreement;

  /** The tolerance maxAbsDiff was held to. */
  public Double tolerance;

  /** Whether maxAbsDiff stayed within the tolerance. */
  public Boolean passed;
}
