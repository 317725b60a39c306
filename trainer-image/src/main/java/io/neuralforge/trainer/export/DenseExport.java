package io.neuralforge.trainer.export;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** Linear: x W^T + b over the last axis, at any rank. */
final class DenseExport {
  private DenseExport() {}

  static String linear(ExportNode n) {
    NDArray w = n.parameter("weight");
    long out = w.getShape().get(0);
    long in = w.getShape().get(1);
    String transposed =
        n.graph().weight(n.id() + "_weight_t", w.transpose().toFloatArray(), in, out);
    String y = n.graph().node("MatMul", n.id(), List.of(n.input(), transposed));
    if (n.parameter("bias") == null) {
      return y;
    }
    return n.graph().node("Add", n.id(), List.of(y, n.weight("bias")));
  }
}
