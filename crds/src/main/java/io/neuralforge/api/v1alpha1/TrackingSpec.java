package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where the trainer also records the run for experiment tracking. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrackingSpec {
  /** An MLflow tracking server; the operator's mlflowTrackingUri when absent. */
  public MlflowTracking mlflow;
}
