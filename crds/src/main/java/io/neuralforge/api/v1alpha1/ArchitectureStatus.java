package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the operator observed when it validated the graph. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ArchitectureStatus {

  /** The metadata.generation this status describes. */
  public Long observedGeneration;

  /** Valid or Invalid. */
  public String phase;

  /** Learnable parameters, as sum(p.numel() for p in model.parameters()) in PyTorch. */
  public Long parameterCount;

  /** Parameters that training updates; equal to parameterCount. */
  public Long trainableParameterCount;

  /** Multiply-accumulate operations for one sample's forward pass. */
  public Long macs;

  /** parameterCount and macs as people write them (11.7M, 1.81G), for the printer columns. */
  public ArchitectureFigures figures;

  /** sha256 of the canonical spec; a TrainingRun pins the graph by it. */
  public String graphHash;

  /** Each model output with its per-sample shape. */
  public List<TensorShape> outputs;

  /** Each node with its output shape and parameter count. */
  public List<NodeStatus> nodes;

  /** Everything wrong with the graph, each naming its node and field; empty when Valid. */
  public List<GraphIssue> errors;

  /** The Valid condition, with observedGeneration. */
  public List<Condition> conditions;
}
