package io.neuralforge.trainer.export;

import static io.neuralforge.trainer.export.OnnxGraph.attr;

import java.util.List;

/** Element-wise activations, (log-)softmax and PReLU. */
final class ActivationExport {
  private ActivationExport() {}

  static String build(ExportNode n) {
    OnnxGraph g = n.graph();
    String x = n.input();
    String id = n.id();
    return switch (n.type()) {
      case "ReLU" -> g.node("Relu", id, List.of(x));
      case "ReLU6" -> g.node("Clip", id, List.of(x, g.scalar("zero", 0f), g.scalar("six", 6f)));
      case "LeakyReLU" ->
          g.node(
              "LeakyRelu",
              id,
              List.of(x),
              attr("alpha", (float) n.params().anyNumber("negativeSlope", 0.01)));
      case "ELU" ->
          g.node("Elu", id, List.of(x), attr("alpha", (float) n.params().anyNumber("alpha", 1.0)));
      case "GELU" -> gelu(g, id, x);
      case "SiLU" -> g.node("Mul", id, List.of(x, g.node("Sigmoid", id + "_sigmoid", List.of(x))));
      case "Sigmoid" -> g.node("Sigmoid", id, List.of(x));
      case "Tanh" -> g.node("Tanh", id, List.of(x));
      case "Hardswish" -> g.node("HardSwish", id, List.of(x));
      case "Softmax", "LogSoftmax" ->
          g.node(
              n.type(),
              id,
              List.of(x),
              attr(
                  "axis",
                  ExportNode.batchedAxis(n.params().anyInt("dim", -1), n.inputShape().rank())));
      case "PReLU" -> {
        boolean perChannel = n.parameter("alpha").size() > 1;
        String slope =
            perChannel ? n.weight("alpha", NormalizationExport.perChannel(n)) : n.weight("alpha");
        yield g.node("PRelu", id, List.of(x, slope));
      }
      default -> throw new IllegalArgumentException(n.type());
    };
  }

  /** Exact GELU, x/2 (1 + erf(x / sqrt 2)), as PyTorch's default. */
  static String gelu(OnnxGraph g, String id, String x) {
    String erf =
        g.node(
            "Erf",
            id + "_erf",
            List.of(
                g.node(
                    "Div", id + "_scaled", List.of(x, g.scalar("sqrt2", (float) Math.sqrt(2))))));
    String onePlus = g.node("Add", id + "_one_plus", List.of(erf, g.scalar("one", 1f)));
    String half = g.node("Mul", id + "_half", List.of(x, g.scalar("half", 0.5f)));
    return g.node("Mul", id, List.of(half, onePlus));
  }
}
