package io.neuralforge.trainer.export;

import static io.neuralforge.trainer.export.OnnxGraph.attr;

import java.util.List;

/**
 * Batch and layer norm as ONNX's own operators (inference: running statistics); group and instance
 * norm written out (ONNX 17 has no GroupNormalization); dropout is the identity.
 */
final class NormalizationExport {
  private NormalizationExport() {}

  static String build(ExportNode n) {
    float eps = (float) n.params().positive("eps", 1e-5);
    OnnxGraph g = n.graph();
    return switch (n.type()) {
      case "BatchNorm1D", "BatchNorm2D", "BatchNorm3D" -> {
        int channels = n.inputShape().dim(0);
        yield g.node(
            "BatchNormalization",
            n.id(),
            List.of(
                n.input(),
                scaleOrOnes(n, "gamma", channels),
                shiftOrZeros(n, "beta", channels),
                n.weight("runningMean"),
                n.weight("runningVar")),
            attr("epsilon", eps));
      }
      case "LayerNorm" -> {
        int[] normalized = n.params().intList("normalizedShape", new int[] {n.inputShape().last()});
        long[] dims = ExportNode.longs(normalized);
        int size = java.util.Arrays.stream(normalized).reduce(1, (a, b) -> a * b);
        // PyTorch's elementwise_affine=False: Scale (required) is ones, B (optional) left out;
        // DJL's block keeps an untrained gamma and beta then, at ones and zeros
        List<String> inputs =
            n.params().bool("elementwiseAffine", true)
                ? List.of(n.input(), n.weight("gamma", dims), n.weight("beta", dims))
                : List.of(n.input(), g.floats("ones", filled(size, 1f), dims));
        yield g.node(
            "LayerNormalization",
            n.id(),
            inputs,
            attr("axis", (long) -normalized.length),
            attr("epsilon", eps));
      }
      case "GroupNorm" -> groupNorm(n, n.params().requiredInt("numGroups", 1), eps);
      case "InstanceNorm2D" -> groupNorm(n, n.inputShape().dim(0), eps);
      default -> g.node("Identity", n.id(), List.of(n.input())); // Dropout, Dropout2D
    };
  }

  /** (x - mean) / sqrt(var + eps) over each group of channels, then gamma and beta per channel. */
  private static String groupNorm(ExportNode n, int groups, float eps) {
    OnnxGraph g = n.graph();
    String id = n.id();
    String grouped =
        g.node("Reshape", id + "_groups", List.of(n.input(), g.ints("shape", 0, groups, -1)));
    String mean =
        g.node("ReduceMean", id + "_mean", List.of(grouped), attr("axes", new long[] {2}));
    String centered = g.node("Sub", id + "_centered", List.of(grouped, mean));
    String squares = g.node("Mul", id + "_squares", List.of(centered, centered));
    String variance =
        g.node("ReduceMean", id + "_var", List.of(squares), attr("axes", new long[] {2}));
    String std =
        g.node(
            "Sqrt",
            id + "_std",
            List.of(g.node("Add", id + "_var_eps", List.of(variance, g.scalar("eps", eps)))));
    String normalized = g.node("Div", id + "_normalized", List.of(centered, std));
    long[] sample = new long[n.inputShape().rank() + 1]; // [0 (the batch, copied), C, H, W]
    for (int i = 0; i < n.inputShape().rank(); i++) {
      sample[i + 1] = n.inputShape().dim(i);
    }
    String back =
        g.node("Reshape", id + "_ungrouped", List.of(normalized, g.ints("shape", sample)));
    if (n.parameter("gamma") == null) {
      return back;
    }
    long[] perChannel = perChannel(n);
    String scaled = g.node("Mul", id + "_scaled", List.of(back, n.weight("gamma", perChannel)));
    return g.node("Add", id, List.of(scaled, n.weight("beta", perChannel)));
  }

  /** [C, 1, 1, ...]: a per-channel vector that broadcasts over a sample. */
  static long[] perChannel(ExportNode n) {
    long[] dims = new long[n.inputShape().rank()];
    java.util.Arrays.fill(dims, 1);
    dims[0] = n.inputShape().dim(0);
    return dims;
  }

  private static String scaleOrOnes(ExportNode n, String name, int channels) {
    return n.parameter(name) != null
        ? n.weight(name)
        : n.graph().floats("ones", filled(channels, 1f), channels);
  }

  private static String shiftOrZeros(ExportNode n, String name, int channels) {
    return n.parameter(name) != null
        ? n.weight(name)
        : n.graph().floats("zeros", new float[channels], channels);
  }

  private static float[] filled(int size, float value) {
    float[] values = new float[size];
    java.util.Arrays.fill(values, value);
    return values;
  }
}
