package io.neuralforge.trainer.export;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** Linear: x W^T + b over the last axis, at any rank. */
final class DenseExport {
  private DenseExport() {}

  static String linear(ExportNode n) {
    return linear(n.graph(), n.id(), n.input(), n.parameter("weight"), n.parameter("bias"));
  }

  /** x W^T (+ b) for DJL's weight [out, in] and bias [out] (null: none). */
  static String linear(OnnxGraph g, String id, String x, NDArray weight, NDArray bias) {
    long out = weight.getShape().get(0);
    long in = weight.getShape().get(1);
    String transposed = g.weight(id + "_weight_t", weight.transpose().toFloatArray(), in, out);
    String y = g.node("MatMul", id, List.of(x, transposed));
    if (bias == null) {
      return y;
    }
    return g.node("Add", id, List.of(y, g.weight(id + "_bias", bias.toFloatArray(), out)));
  }
}
