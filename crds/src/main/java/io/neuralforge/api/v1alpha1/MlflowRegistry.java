package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** An MLflow server's Model Registry, and the registered model the export becomes a version of. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MlflowRegistry {
  /** The server, e.g. http://mlflow.ml-tools:5000; the operator's mlflowTrackingUri when absent. */
  @Pattern("^https?://.+")
  @Size(max = 2048)
  public String uri;

  /**
   * The registered model, created when missing; default: the served model's name. On the operator's
   * shared server it is prefixed with the namespace ({@code <namespace>.<name>}), so no namespace
   * adds versions to another's model.
   */
  @Size(max = 200)
  @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
  public String name;
}
