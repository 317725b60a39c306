package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A dataset that ships with the trainer. */
public enum BuiltinDataset {
  @JsonProperty("fashion-mnist")
  FASHION_MNIST,
  @JsonProperty("digits")
  DIGITS,
  @JsonProperty("iris")
  IRIS
}
