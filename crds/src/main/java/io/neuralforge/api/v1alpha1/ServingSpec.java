package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** How the export is laid out for a model server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServingSpec {

  /** The model's name in the model repository (its folder, KServe's and Triton's name for it). */
  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9_]*[a-z0-9])?$")
  public String modelName;

  /**
   * The KServe serving runtime the rendered InferenceService names: kserve-tritonserver (KServe's
   * own), or neuralforge-onnx (this project's, installed by the chart with
   * serving.runtime.enabled).
   */
  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  public String runtime;
}
