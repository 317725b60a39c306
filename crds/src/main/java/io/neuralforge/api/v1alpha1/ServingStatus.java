package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * How to serve the export: a model repository (the layout KServe's Triton runtime loads) and the
 * model's inputs and outputs as the v2 inference protocol names them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServingStatus {

  /** The model repository's root; the model is in {@code <modelName>/1/model.onnx} below it. */
  public String storageUri;

  public String modelName;

  /** onnx, version 1. */
  public ModelFormat modelFormat;

  /** v2: the open inference protocol. */
  public String protocolVersion;

  /** The KServe serving runtime that loads it: spec.serving.runtime, else kserve-tritonserver. */
  public String runtime;

  public List<ServingTensor> inputs;

  public List<ServingTensor> outputs;

  /** The model version the export became in the registry (spec.registry). */
  public RegisteredModel registeredModel;

  /** Why the export is not in the registry; the export itself is not affected. */
  public String registryWarning;

  /** A model format and its version, as KServe names them. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ModelFormat {
    public String name;
    public String version;
  }

  /** A version of a model in MLflow's Model Registry. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RegisteredModel {
    public String name;
    public String version;

    /** models:/name/version, what MLflow's clients load. */
    public String uri;
  }

  /** One input or output: its name, v2 datatype (FP32, FP16, INT64) and shape, -1 for the batch. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ServingTensor {
    public String name;
    public String datatype;
    public List<Long> shape;
  }
}
