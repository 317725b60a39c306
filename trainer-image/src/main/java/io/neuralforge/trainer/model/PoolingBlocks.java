package io.neuralforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.pooling.Pool;
import io.neuralforge.graph.layers.Params;

/** Max, average, adaptive and global pooling; none has parameters. */
final class PoolingBlocks {
  private PoolingBlocks() {}

  static Block build(NodeContext c) {
    return switch (c.type()) {
      case "GlobalAvgPool2D" -> LambdaBlock.singleton(x -> spatial(x).mean(new int[] {2}));
      case "AdaptiveAvgPool2D" -> adaptive(c, false);
      case "AdaptiveMaxPool2D" -> adaptive(c, true);
      default -> window(c);
    };
  }

  private static Block window(NodeContext c) {
    Params p = c.params();
    int n = c.input().rank() - 1;
    Shape kernel = c.tuple("kernelSize", n, 1);
    Shape stride = p.has("stride") ? c.tuple("stride", n, 1) : kernel;
    Shape padding = c.tuple("padding", n, 0);
    boolean ceil = p.bool("ceilMode", false);
    if (c.type().startsWith("Max")) {
      Shape dilation = c.tuple("dilation", n, 1);
      for (long d : dilation.getShape()) {
        if (d != 1) {
          throw new IllegalArgumentException(
              "node "
                  + c.id()
                  + ": the trainer's engine has no dilated max pooling; use dilation 1");
        }
      }
      return LambdaBlock.singleton(
          x ->
              switch (n) {
                case 1 -> Pool.maxPool1d(x, kernel, stride, padding, ceil);
                case 2 -> Pool.maxPool2d(x, kernel, stride, padding, ceil);
                default -> Pool.maxPool3d(x, kernel, stride, padding, ceil);
              });
    }
    if (p.bool("countIncludePad", true)) {
      return LambdaBlock.singleton(x -> average(x, n, kernel, stride, padding, ceil));
    }
    // The engine always counts padding (DJL passes no count_include_pad): pad explicitly, then
    // divide the window means by the share of each window that is real input.
    long[] pad = padding.getShape();
    var zeroPad = ConvolutionBlocks.padLastAxes(pad, pad);
    Shape none = new Shape(new long[n]);
    return LambdaBlock.singleton(
        x -> {
          NDArray padded = zeroPad.apply(new NDList(x)).singletonOrThrow();
          NDArray real = zeroPad.apply(new NDList(x.onesLike())).singletonOrThrow();
          return average(padded, n, kernel, stride, none, ceil)
              .div(average(real, n, kernel, stride, none, ceil));
        });
  }

  private static NDArray average(
      NDArray x, int n, Shape kernel, Shape stride, Shape padding, boolean ceil) {
    return switch (n) {
      case 1 -> Pool.avgPool1d(x, kernel, stride, padding, ceil, true);
      case 2 -> Pool.avgPool2d(x, kernel, stride, padding, ceil, true);
      default -> Pool.avgPool3d(x, kernel, stride, padding, ceil, true);
    };
  }

  /** [N, C, H, W] -> [N, C, H*W]: the engine reduces over one axis at a time. */
  private static NDArray spatial(NDArray x) {
    return x.reshape(x.getShape().get(0), x.getShape().get(1), -1);
  }

  /**
   * PyTorch's adaptive pooling: output cell i of n covers input rows floor(i*L/n) to
   * ceil((i+1)*L/n), so windows may overlap or differ in size when n does not divide L.
   */
  private static Block adaptive(NodeContext c, boolean max) {
    int h = c.input().dim(1);
    int w = c.input().dim(2);
    int oh = c.outputShape().dim(1);
    int ow = c.outputShape().dim(2);
    return LambdaBlock.singleton(
        x -> {
          NDList cells = new NDList();
          for (int i = 0; i < oh; i++) {
            long h0 = Math.floorDiv((long) i * h, oh);
            long h1 = -Math.floorDiv(-(long) (i + 1) * h, oh);
            for (int j = 0; j < ow; j++) {
              long w0 = Math.floorDiv((long) j * w, ow);
              long w1 = -Math.floorDiv(-(long) (j + 1) * w, ow);
              NDArray window = x.get(new NDIndex(":, :, {}:{}, {}:{}", h0, h1, w0, w1));
              cells.add(
                  max ? spatial(window).max(new int[] {2}) : spatial(window).mean(new int[] {2}));
            }
          }
          NDArray stacked = NDArrays.stack(cells, 2); // [N, C, oh*ow]
          return stacked.reshape(new Shape(x.getShape().get(0), x.getShape().get(1), oh, ow));
        });
  }
}
