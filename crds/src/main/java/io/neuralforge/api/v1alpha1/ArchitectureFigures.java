package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The counts as people write them, for kubectl's columns; the exact integers are beside them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ArchitectureFigures {

  /** parameterCount in three significant digits, e.g. 11.7M. */
  public String parameters;

  /** macs in three significant digits, e.g. 1.81G. */
  public String macs;
}
