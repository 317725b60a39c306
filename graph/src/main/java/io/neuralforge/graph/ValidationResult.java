package io.neuralforge.graph;

import java.util.List;

/**
 * What validation found: per-node shapes and counts, totals, and every error.
 *
 * @param parameterCount learnable parameters of the nodes that could be inferred
 * @param macs multiply-accumulates for one sample's forward pass
 * @param evaluationOrder the node ids in an order where each comes after the nodes it reads from
 *     (nodes on or behind a cycle left out), the order a model evaluates them in
 */
public record ValidationResult(
    long parameterCount,
    long macs,
    List<OutputResult> outputs,
    List<NodeResult> nodes,
    List<GraphError> errors,
    List<String> evaluationOrder) {

  public boolean valid() {
    return errors.isEmpty();
  }

  /**
   * One node as inferred; {@code outputShape}, {@code parameterCount} and {@code macs} are null
   * when the node or something it reads from is invalid.
   */
  public record NodeResult(
      String id, String type, List<Integer> outputShape, Long parameterCount, Long macs) {}

  /** A model output and its per-sample shape (null when it could not be inferred). */
  public record OutputResult(String name, List<Integer> shape) {}
}
