package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A model file format. */
public enum ExportFormat {
  @JsonProperty("onnx")
  ONNX
}
