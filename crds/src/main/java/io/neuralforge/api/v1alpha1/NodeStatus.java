package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One node as inferred; counts and shape are absent when it or an input is invalid. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeStatus {

  /** The node id. */
  public String id;

  /** The layer type. */
  public String type;

  /** Per-sample output shape. */
  public List<Integer> outputShape;

  /** Learnable parameters of this node. */
  public Long parameterCount;

  /** Multiply-accumulate operations of this node for one sample. */
  public Long macs;
}
