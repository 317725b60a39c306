package io.neuralforge.graph;

/**
 * One problem found in a graph.
 *
 * @param node the node id (or model input name) it concerns; null for the graph as a whole
 * @param field the key or field within it, e.g. {@code kernelSize} or {@code inputs}; may be null
 * @param message what is wrong, in words a user can act on
 */
public record GraphError(String node, String field, String message) {

  /** One line naming where and what, e.g. {@code node conv1, kernelSize: must be ...}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    if (node != null) {
      sb.append("node ").append(node);
    }
    if (field != null) {
      sb.append(sb.length() > 0 ? ", " : "").append(field);
    }
    return (sb.length() > 0 ? sb + ": " : "") + message;
  }
}
