package io.neuralforge.trainer.export;

import ai.djl.ndarray.NDArray;
import io.neuralforge.graph.Shape;
import io.neuralforge.graph.layers.Params;
import java.util.List;
import java.util.Map;

/**
 * One node to export: its type and params, the per-sample shapes the validator inferred, the ONNX
 * names of its input values, its trained parameters (by DJL name), and the graph to add to.
 */
record ExportNode(
    String id,
    String type,
    Params params,
    List<Shape> inputShapes,
    Shape outputShape,
    List<String> inputs,
    Map<String, NDArray> parameters,
    OnnxGraph graph) {

  Shape inputShape() {
    return inputShapes.get(0);
  }

  String input() {
    return inputs.get(0);
  }

  /** The trained parameter whose DJL name ends with {@code suffix}, or null. */
  NDArray parameter(String suffix) {
    NDArray found = null;
    for (Map.Entry<String, NDArray> p : parameters.entrySet()) {
      if (p.getKey().equals(suffix) || p.getKey().endsWith("_" + suffix)) {
        found = p.getValue();
      }
    }
    return found;
  }

  /**
   * The trained parameter at a path inside the node's block, written without DJL's child-index
   * prefixes: "attention_query_weight" for DJL's "01attention_01query_weight"; null if none.
   */
  NDArray named(String path) {
    for (Map.Entry<String, NDArray> p : parameters.entrySet()) {
      if (p.getKey().replaceAll("(^|_)\\d{2}", "$1").equals(path)) {
        return p.getValue();
      }
    }
    return null;
  }

  /** A trained parameter as an initializer of its own shape (or {@code dims}, when given). */
  String weight(String suffix, long... dims) {
    NDArray array = parameter(suffix);
    if (array == null) {
      throw new IllegalStateException("node " + id + " has no parameter " + suffix);
    }
    long[] shape = dims.length > 0 ? dims : array.getShape().getShape();
    return graph.weight(id + "_" + suffix, array.toFloatArray(), shape);
  }

  /** An int-or-tuple param as n ints. */
  int[] tuple(String key, int n, int fallback) {
    int[] defaults = new int[n];
    java.util.Arrays.fill(defaults, fallback);
    return params.tuple(key, n, defaults, Integer.MIN_VALUE);
  }

  /** A per-sample axis (negative from the end) as an axis of the batched tensor. */
  static long batchedAxis(int axis, int rank) {
    return (axis < 0 ? axis + rank : axis) + 1;
  }

  static long[] longs(int[] values) {
    return java.util.Arrays.stream(values).asLongStream().toArray();
  }

  /** [v0, v1, ..., v0, v1, ...]: ONNX pads, begins then ends. */
  static long[] pads(int[] before, int[] after) {
    long[] pads = new long[before.length * 2];
    for (int i = 0; i < before.length; i++) {
      pads[i] = before[i];
      pads[before.length + i] = after[i];
    }
    return pads;
  }
}
