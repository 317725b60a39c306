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

  /** The KServe serving runtime that loads it: kserve-tritonserver. */
  public String runtime;

  public List<ServingTensor> inputs;

  public List<ServingTensor> outputs;

  /** A model format and its version, as KServe names them. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ModelFormat {
    public String name;
    public String version;
  }

  /** One input or output: its name, v2 datatype (FP32, FP16, INT64) and shape, -1 for the batch. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ServingTensor {
    public String name;
    public String datatype;
    public List<Long> shape;
  }
}
