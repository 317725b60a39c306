package io.neuralforge.trainer.model;

import io.neuralforge.graph.Shape;

/** Per-sample shapes of the spec as the engine's shapes, with the batch dimension in front. */
public final class BatchShapes {
  private BatchShapes() {}

  public static ai.djl.ndarray.types.Shape batched(long batch, Shape sample) {
    long[] dims = new long[sample.rank() + 1];
    dims[0] = batch;
    for (int i = 0; i < sample.rank(); i++) {
      dims[i + 1] = sample.dim(i);
    }
    return new ai.djl.ndarray.types.Shape(dims);
  }
}
