package io.neuralforge.graph.layers;

import io.neuralforge.graph.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Element-wise activations and (log-)softmax: the shape is unchanged. */
final class Activations {
  private Activations() {}

  static List<LayerType> types() {
    List<LayerType> types = new ArrayList<>();
    for (String name : List.of("ReLU", "ReLU6", "GELU", "SiLU", "Sigmoid", "Tanh", "Hardswish")) {
      types.add(new LayerType(name, Arity.ONE, Set.of(), false, in -> LayerOutput.of(in.shape())));
    }
    types.add(
        new LayerType(
            "LeakyReLU",
            Arity.ONE,
            Set.of("negativeSlope"),
            false,
            in -> number(in, "negativeSlope")));
    types.add(new LayerType("ELU", Arity.ONE, Set.of("alpha"), false, in -> number(in, "alpha")));
    types.add(new LayerType("Softmax", Arity.ONE, Set.of("dim"), false, Activations::softmax));
    types.add(new LayerType("LogSoftmax", Arity.ONE, Set.of("dim"), false, Activations::softmax));
    types.add(
        new LayerType("PReLU", Arity.ONE, Set.of("numParameters"), false, Activations::prelu));
    return types;
  }

  private static LayerOutput number(LayerInput in, String key) {
    in.params().anyNumber(key, 0);
    in.params().check();
    return LayerOutput.of(in.shape());
  }

  private static LayerOutput softmax(LayerInput in) {
    int dim = in.params().anyInt("dim", -1);
    in.params().check();
    Shape s = in.shape();
    in.axis("dim", dim, s.rank());
    return LayerOutput.of(s);
  }

  private static LayerOutput prelu(LayerInput in) {
    int count = in.params().integer("numParameters", 1, 1);
    in.params().check();
    Shape s = in.shape();
    if (count != 1 && count != s.dim(0)) {
      throw LayerInput.fail(
          "numParameters",
          "must be 1 or the channel count "
              + s.dim(0)
              + " (first axis of "
              + s
              + "), got "
              + count);
    }
    return new LayerOutput(s, count, 0);
  }
}
