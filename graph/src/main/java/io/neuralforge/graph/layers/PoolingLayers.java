package io.neuralforge.graph.layers;

import io.neuralforge.graph.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Max, average, adaptive and global pooling. */
final class PoolingLayers {
  private PoolingLayers() {}

  private static final Set<String> MAX_KEYS =
      Set.of("kernelSize", "stride", "padding", "dilation", "ceilMode");
  private static final Set<String> AVG_KEYS =
      Set.of("kernelSize", "stride", "padding", "ceilMode", "countIncludePad");

  static List<LayerType> types() {
    List<LayerType> types = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      int rank = n;
      types.add(
          new LayerType(
              "MaxPool" + n + "D", Arity.ONE, MAX_KEYS, false, in -> window(in, rank, true)));
      types.add(
          new LayerType(
              "AvgPool" + n + "D", Arity.ONE, AVG_KEYS, false, in -> window(in, rank, false)));
    }
    types.add(
        new LayerType(
            "AdaptiveAvgPool2D", Arity.ONE, Set.of("outputSize"), false, PoolingLayers::adaptive));
    types.add(
        new LayerType(
            "AdaptiveMaxPool2D", Arity.ONE, Set.of("outputSize"), false, PoolingLayers::adaptive));
    types.add(new LayerType("GlobalAvgPool2D", Arity.ONE, Set.of(), false, PoolingLayers::global));
    return types;
  }

  private static LayerOutput window(LayerInput in, int n, boolean max) {
    Params p = in.params();
    int[] kernel = p.requiredTuple("kernelSize", n, 1);
    int[] stride = p.tuple("stride", n, kernel, 1);
    int[] padding = p.tuple("padding", n, new int[n], 0);
    int[] dilation =
        max ? p.tuple("dilation", n, ConvolutionLayers.ones(n), 1) : ConvolutionLayers.ones(n);
    boolean ceil = p.bool("ceilMode", false);
    if (!max) {
      p.bool("countIncludePad", true);
    }
    for (int i = 0; i < n; i++) {
      if (padding[i] > kernel[i] / 2) {
        p.error(
            "padding",
            "must be at most half the kernel size, got padding "
                + padding[i]
                + " for kernel "
                + kernel[i]);
        break;
      }
    }
    p.check();
    Shape s = in.shapeOfRank(ConvolutionLayers.rankText(n), n + 1);
    if (!max && n == 3) {
      requireKernelFits(s, kernel);
    }
    long[] dims = new long[n + 1];
    dims[0] = s.dim(0);
    for (int i = 0; i < n; i++) {
      dims[i + 1] =
          SpatialMath.poolOutput(s.dim(i + 1), kernel[i], stride[i], padding[i], dilation[i], ceil);
    }
    SpatialMath.requirePositive(dims, s, "kernelSize, stride and padding");
    return LayerOutput.of(Shape.ofLongs(dims));
  }

  /** PyTorch's avg_pool3d refuses an input smaller than its kernel, whatever the padding. */
  private static void requireKernelFits(Shape s, int[] kernel) {
    for (int i = 0; i < kernel.length; i++) {
      if (s.dim(i + 1) < kernel[i]) {
        throw LayerInput.fail(
            "inputs",
            "input "
                + s
                + " is smaller than kernelSize "
                + Arrays.toString(kernel)
                + " (AvgPool3D needs every spatial dimension at least the kernel's)");
      }
    }
  }

  private static LayerOutput adaptive(LayerInput in) {
    Params p = in.params();
    int[] size = p.requiredTuple("outputSize", 2, 1);
    p.check();
    Shape s = in.shapeOfRank("[C, H, W]", 3);
    return LayerOutput.of(Shape.of(s.dim(0), size[0], size[1]));
  }

  private static LayerOutput global(LayerInput in) {
    Shape s = in.shapeOfRank("[C, H, W]", 3);
    return LayerOutput.of(Shape.of(s.dim(0)));
  }
}
