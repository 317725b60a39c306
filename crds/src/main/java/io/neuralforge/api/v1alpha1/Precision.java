package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The precision the weights are stored at. */
public enum Precision {
  @JsonProperty("fp32")
  FP32,
  @JsonProperty("fp16")
  FP16
}
