package io.neuralforge.graph.layers;

import io.neuralforge.graph.Shape;
import java.util.List;
import java.util.Set;

/** Linear. */
final class DenseLayers {
  private DenseLayers() {}

  static List<LayerType> types() {
    return List.of(
        new LayerType(
            "Linear", Arity.ONE, Set.of("outFeatures", "bias"), false, DenseLayers::linear));
  }

  private static LayerOutput linear(LayerInput in) {
    Params p = in.params();
    int out = p.requiredInt("outFeatures", 1);
    boolean bias = p.bool("bias", true);
    p.check();
    Shape s = in.shapeOfRankAtLeast(1, "at least one axis [..., features]");
    long features = s.last();
    long params = Math.addExact(Math.multiplyExact(features, out), bias ? out : 0);
    long macs = Math.multiplyExact(s.elements(), out);
    return new LayerOutput(s.withLast(out), params, macs);
  }
}
