package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The sweep's figures as printer columns show them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SweepFigures {
  /** Finished runs of the runs to finish, e.g. 4/6. */
  public String runs;

  /** Epochs the stopped runs did not train: their planned epochs less those they trained. */
  public Integer epochsSaved;
}
