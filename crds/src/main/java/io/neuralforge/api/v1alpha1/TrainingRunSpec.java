package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** What to train, on what data, with which settings, on which hardware, and where results go. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingRunSpec {

  /** The Architecture to train, in the same namespace. It must be Valid. */
  @Required public LocalReference architectureRef;

  /** The data to train on: a builtin dataset or a uri with its format. */
  @Required public DatasetSource dataset;

  /** Training settings; absent fields take the documented defaults. */
  public Hyperparameters hyperparameters;

  /** The GPU type and count, CPU and memory for the trainer pod. */
  public ComputeResources resources;

  /** Where the model and metrics go; the operator's default when absent. */
  public OutputLocation output;

  /** Retries, deadlines and suspension of the trainer Job. */
  public RunPolicy runPolicy;

  /** Settings passed through to the trainer pod (priority, pull secrets, placement extras). */
  public PodOverrides pod;

  /** Experiment tracking: an MLflow server that records parameters, metrics and artifacts. */
  public TrackingSpec tracking;
}
