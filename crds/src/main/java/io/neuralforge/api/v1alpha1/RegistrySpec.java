package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where the exported model is registered as a new version once it is validated. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RegistrySpec {
  /** An MLflow Model Registry; its uri defaults to the operator's mlflowTrackingUri. */
  public MlflowRegistry mlflow;
}
