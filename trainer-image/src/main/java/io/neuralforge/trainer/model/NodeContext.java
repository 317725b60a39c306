package io.neuralforge.trainer.model;

import io.neuralforge.graph.Shape;
import io.neuralforge.graph.layers.Params;
import java.util.List;

/**
 * What building one node's block needs: its type, params, and the per-sample shapes the validator
 * inferred for its inputs and its output.
 */
record NodeContext(
    String id, String type, Params params, List<Shape> inputShapes, Shape outputShape) {

  Shape input() {
    return inputShapes.get(0);
  }

  /** An int-or-tuple param as a DJL shape, e.g. kernelSize (3) -> (3, 3). */
  ai.djl.ndarray.types.Shape tuple(String key, int n, int fallback) {
    int[] defaults = new int[n];
    java.util.Arrays.fill(defaults, fallback);
    return djl(params.tuple(key, n, defaults, Integer.MIN_VALUE));
  }

  static ai.djl.ndarray.types.Shape djl(int[] values) {
    long[] dims = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      dims[i] = values[i];
    }
    return new ai.djl.ndarray.types.Shape(dims);
  }
}
