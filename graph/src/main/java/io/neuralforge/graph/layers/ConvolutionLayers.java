package io.neuralforge.graph.layers;

import io.neuralforge.graph.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Conv1D, Conv2D, Conv3D and ConvTranspose2D. */
final class ConvolutionLayers {
  private ConvolutionLayers() {}

  private static final Set<String> CONV_KEYS =
      Set.of("outChannels", "kernelSize", "stride", "padding", "dilation", "groups", "bias");
  private static final Set<String> TRANSPOSE_KEYS =
      Set.of(
          "outChannels",
          "kernelSize",
          "stride",
          "padding",
          "outputPadding",
          "dilation",
          "groups",
          "bias");

  static List<LayerType> types() {
    return List.of(
        new LayerType("Conv1D", Arity.ONE, CONV_KEYS, false, in -> conv(in, 1)),
        new LayerType("Conv2D", Arity.ONE, CONV_KEYS, false, in -> conv(in, 2)),
        new LayerType("Conv3D", Arity.ONE, CONV_KEYS, false, in -> conv(in, 3)),
        new LayerType("ConvTranspose2D", Arity.ONE, TRANSPOSE_KEYS, false, in -> transpose(in, 2)));
  }

  /** The parts every convolution shares. */
  private record Common(
      int out, int[] kernel, int[] stride, int[] dilation, int groups, boolean bias) {}

  private static Common common(Params p, int n) {
    int out = p.requiredInt("outChannels", 1);
    int[] kernel = p.requiredTuple("kernelSize", n, 1);
    int[] stride = p.tuple("stride", n, ones(n), 1);
    int[] dilation = p.tuple("dilation", n, ones(n), 1);
    int groups = p.integer("groups", 1, 1);
    boolean bias = p.bool("bias", true);
    return new Common(out, kernel, stride, dilation, groups, bias);
  }

  private static LayerOutput conv(LayerInput in, int n) {
    Params p = in.params();
    Common c = common(p, n);
    Object rawPadding = p.raw("padding");
    boolean same = "same".equals(rawPadding);
    int[] padding = same ? new int[n] : padding(p, rawPadding, n);
    if (same && Arrays.stream(c.stride).anyMatch(s -> s != 1)) {
      p.error("padding", "\"same\" needs stride 1, got stride " + Arrays.toString(c.stride));
    }
    p.check();
    Shape s = in.shapeOfRank(rankText(n), n + 1);
    int channels = s.dim(0);
    checkGroups(channels, c.out, c.groups);
    long[] dims = new long[n + 1];
    dims[0] = c.out;
    for (int i = 0; i < n; i++) {
      int length = s.dim(i + 1);
      dims[i + 1] =
          same
              ? length
              : SpatialMath.windowOutput(
                  length, c.kernel[i], c.stride[i], 2L * padding[i], c.dilation[i]);
    }
    SpatialMath.requirePositive(dims, s, "kernelSize, stride, padding and dilation");
    Shape outShape = Shape.ofLongs(dims);
    long kernelSize = SpatialMath.product(c.kernel);
    long perFilter = Math.multiplyExact(channels / c.groups, kernelSize);
    long params = Math.addExact(Math.multiplyExact(c.out, perFilter), c.bias ? c.out : 0);
    long macs = Math.multiplyExact(outShape.elements(), perFilter);
    return new LayerOutput(outShape, params, macs);
  }

  private static LayerOutput transpose(LayerInput in, int n) {
    Params p = in.params();
    Common c = common(p, n);
    int[] padding = p.tuple("padding", n, new int[n], 0);
    int[] outputPadding = p.tuple("outputPadding", n, new int[n], 0);
    for (int i = 0; i < n; i++) {
      if (outputPadding[i] >= c.stride[i] && outputPadding[i] >= c.dilation[i]) {
        p.error(
            "outputPadding", "must be smaller than stride or dilation, got " + outputPadding[i]);
        break;
      }
    }
    p.check();
    Shape s = in.shapeOfRank(rankText(n), n + 1);
    int channels = s.dim(0);
    checkGroups(channels, c.out, c.groups);
    long[] dims = new long[n + 1];
    dims[0] = c.out;
    for (int i = 0; i < n; i++) {
      dims[i + 1] =
          SpatialMath.transposeOutput(
              s.dim(i + 1), c.kernel[i], c.stride[i], padding[i], c.dilation[i], outputPadding[i]);
    }
    SpatialMath.requirePositive(dims, s, "kernelSize, stride, padding and outputPadding");
    long kernelSize = SpatialMath.product(c.kernel);
    long perInput = Math.multiplyExact(c.out / c.groups, kernelSize);
    long params = Math.addExact(Math.multiplyExact(channels, perInput), c.bias ? c.out : 0);
    long macs = Math.multiplyExact(s.elements(), perInput);
    return new LayerOutput(Shape.ofLongs(dims), params, macs);
  }

  private static int[] padding(Params p, Object raw, int n) {
    if ("valid".equals(raw)) {
      return new int[n];
    }
    if (raw instanceof String) {
      p.error(
          "padding",
          "must be an integer in "
              + Params.range(0)
              + ", a list of "
              + n
              + ", \"same\" or \"valid\", got "
              + Params.show(raw));
      return new int[n];
    }
    return p.tuple("padding", n, new int[n], 0);
  }

  private static void checkGroups(int channels, int out, int groups) {
    if (channels % groups != 0) {
      throw LayerInput.fail(
          "groups", "input channels " + channels + " are not divisible by groups " + groups);
    }
    if (out % groups != 0) {
      throw LayerInput.fail(
          "groups", "outChannels " + out + " is not divisible by groups " + groups);
    }
  }

  static String rankText(int n) {
    return switch (n) {
      case 1 -> "[C, L]";
      case 2 -> "[C, H, W]";
      default -> "[C, D, H, W]";
    };
  }

  static int[] ones(int n) {
    int[] a = new int[n];
    Arrays.fill(a, 1);
    return a;
  }
}
