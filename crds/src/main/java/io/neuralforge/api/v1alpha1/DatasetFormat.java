package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The layout of a dataset's files. */
public enum DatasetFormat {
  @JsonProperty("idx")
  IDX,
  @JsonProperty("cifar10")
  CIFAR10,
  @JsonProperty("csv")
  CSV,
  @JsonProperty("imagefolder")
  IMAGEFOLDER
}
