package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What the operator and the trainer observed. The trainer writes progress, metrics and
 * reproducibility.datasetDigest; the operator everything else.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingRunStatus {

  /** The metadata.generation this status describes. */
  public Long observedGeneration;

  /** Pending, Running, Succeeded, Failed or Suspended. */
  public String phase;

  /**
   * ArchitectureReady, Scheduled, Running, Succeeded, Failed and Suspended, each with a reason and
   * observedGeneration.
   */
  public List<Condition> conditions;

  /** The GPUs the run asked for, e.g. "1x t4", or "none". */
  public String gpu;

  /** When the operator created the trainer Job; the spec is immutable from then on. */
  public String startTime;

  /** When the run Succeeded or Failed. */
  public String completionTime;

  /** The trainer Job. */
  public String jobName;

  /** The trainer pod seen last. */
  public String podName;

  /** The node the trainer pod was placed on. */
  public String nodeName;

  /** Why the latest trainer attempt failed; kept when the run Failed, even after its pods go. */
  public RunFailure failure;

  /** Trainer pods that failed and were replaced. */
  public Integer restarts;

  /** GPU-hours used so far: GPUs times the hours the trainer pods ran. */
  public Double gpuHours;

  /** Training progress, written by the trainer. */
  public RunProgress progress;

  /** The latest metrics, written by the trainer; final once the run Succeeded. */
  public RunMetrics metrics;

  /**
   * One point per finished epoch, written by the trainer; at most 200, thinned evenly over longer
   * runs.
   */
  @io.fabric8.generator.annotation.Size(max = 200)
  public List<HistoryPoint> history;

  /** Where the run is tracked (MLflow), written by the trainer. */
  public TrackingStatus tracking;

  /** Where the model and metrics are. */
  public RunArtifacts artifacts;

  /** What it takes to reproduce the run. */
  public Reproducibility reproducibility;
}
