package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where the run is tracked, written by the trainer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrackingStatus {
  /** The MLflow run id. */
  public String mlflowRunId;

  /** The run's page on the tracking server. */
  public String url;

  /** Why tracking stopped or never started; training goes on without it. */
  public String warning;
}
