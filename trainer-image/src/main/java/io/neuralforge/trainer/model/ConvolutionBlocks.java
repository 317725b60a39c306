package io.neuralforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.convolutional.Convolution;
import io.neuralforge.graph.layers.Params;

/** Conv1D, Conv2D, Conv3D and ConvTranspose2D. */
final class ConvolutionBlocks {
  private ConvolutionBlocks() {}

  static Block build(NodeContext c) {
    Params p = c.params();
    int n = c.input().rank() - 1;
    Shape kernel = c.tuple("kernelSize", n, 1);
    Shape stride = c.tuple("stride", n, 1);
    Shape dilation = c.tuple("dilation", n, 1);
    int out = p.requiredInt("outChannels", 1);
    int groups = p.integer("groups", 1, 1);
    boolean bias = p.bool("bias", true);
    if (c.type().equals("ConvTranspose2D")) {
      return new TransposedConvolution(c);
    }
    Object padding = p.raw("padding");
    long[] before = new long[n];
    long[] after = new long[n];
    if ("same".equals(padding)) {
      // PyTorch pads d*(k-1) in total, the odd element at the end.
      for (int i = 0; i < n; i++) {
        long total = dilation.get(i) * (kernel.get(i) - 1);
        before[i] = total / 2;
        after[i] = total - before[i];
      }
    } else if (!"valid".equals(padding)) {
      Shape symmetric = c.tuple("padding", n, 0);
      for (int i = 0; i < n; i++) {
        before[i] = symmetric.get(i);
        after[i] = symmetric.get(i);
      }
    }
    boolean symmetric = java.util.Arrays.equals(before, after);
    Shape pad = symmetric ? new Shape(before) : new Shape(new long[n]);
    Block conv =
        switch (n) {
          case 1 ->
              configure(Conv1d.builder(), kernel, stride, dilation, pad, out, groups, bias).build();
          case 2 ->
              configure(Conv2d.builder(), kernel, stride, dilation, pad, out, groups, bias).build();
          default ->
              configure(Conv3d.builder(), kernel, stride, dilation, pad, out, groups, bias).build();
        };
    if (symmetric) {
      return conv;
    }
    return new SequentialBlock().add(padLastAxes(before, after)).add(conv);
  }

  private static <B extends Convolution.ConvolutionBuilder<B>> B configure(
      B builder,
      Shape kernel,
      Shape stride,
      Shape dilation,
      Shape padding,
      int out,
      int groups,
      boolean bias) {
    return builder
        .setKernelShape(kernel)
        .optStride(stride)
        .optDilation(dilation)
        .optPadding(padding)
        .setFilters(out)
        .optGroups(groups)
        .optBias(bias);
  }

  /** Zero padding of the spatial axes, {@code before}/{@code after} per axis (torch pad order). */
  static java.util.function.Function<NDList, NDList> padLastAxes(long[] before, long[] after) {
    long[] pairs = new long[before.length * 2];
    for (int i = 0; i < before.length; i++) {
      int axisFromEnd = before.length - 1 - i;
      pairs[2 * axisFromEnd] = before[i];
      pairs[2 * axisFromEnd + 1] = after[i];
    }
    Shape padding = new Shape(pairs);
    return list -> {
      NDArray x = list.singletonOrThrow();
      return new NDList(x.pad(padding, 0));
    };
  }
}
