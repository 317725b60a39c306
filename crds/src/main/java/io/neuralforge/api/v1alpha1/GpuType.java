package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A GPU product, or any, or none. */
public enum GpuType {
  @JsonProperty("t4")
  T4,
  @JsonProperty("a10g")
  A10G,
  @JsonProperty("any")
  ANY,
  @JsonProperty("none")
  NONE;

  /** The name as written in a TrainingRun. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
