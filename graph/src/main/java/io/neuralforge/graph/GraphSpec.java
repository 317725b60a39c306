package io.neuralforge.graph;

import java.util.List;
import java.util.Map;

/**
 * An Architecture's spec as written: nothing is defaulted or checked here, and any field may be
 * null. {@link GraphValidator} turns it into a {@link ValidationResult}.
 */
public record GraphSpec(
    String description, List<Input> inputs, List<Node> nodes, List<String> outputs) {

  /** A model input: per-sample shape (no batch dimension) and dtype. */
  public record Input(String name, List<Integer> shape, String dtype) {}

  /** One layer: its catalog type, the names it reads from, and its parameters as written. */
  public record Node(String id, String type, List<String> inputs, Map<String, Object> params) {}
}
