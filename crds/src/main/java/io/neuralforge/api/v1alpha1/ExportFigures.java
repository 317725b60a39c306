package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The export's figures as people write them, for kubectl's columns. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExportFigures {

  /** validation.maxAbsDiff in two significant digits, e.g. 2.9e-06. */
  public String maxAbsDiff;

  /** artifact.sizeBytes in SI units, e.g. 1.7MB. */
  public String size;
}
