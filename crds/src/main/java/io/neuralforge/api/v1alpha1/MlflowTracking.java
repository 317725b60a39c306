package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;

/** An MLflow tracking server, reached over its REST API. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MlflowTracking {
  /** The server, e.g. http://mlflow.ml-tools:5000; the operator's mlflowTrackingUri when absent. */
  @Pattern("^https?://.+")
  public String uri;

  /** The experiment the run goes to, created when missing; default: the run's namespace. */
  public String experiment;
}
