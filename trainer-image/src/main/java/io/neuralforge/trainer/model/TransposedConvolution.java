package io.neuralforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;

/**
 * ConvTranspose2D with PyTorch's weight layout [C_in, C_out/groups, kh, kw]. DJL's PyTorch engine
 * has no transposed convolution, so it is computed as what it equals: zeros inserted between input
 * elements (stride), padding of d(k-1)-p on each side (plus outputPadding at the end), and an
 * ordinary stride-1 convolution with the kernel flipped and its in/out axes swapped.
 */
final class TransposedConvolution extends NodeBlock {
  private final int[] stride;
  private final int[] padding;
  private final int[] outputPadding;
  private final int[] dilation;
  private final int[] kernel;
  private final int groups;
  private final int inChannels;
  private final int outChannels;
  private final Parameter weight;
  private final Parameter bias;

  TransposedConvolution(NodeContext c) {
    super(c.outputShape());
    var p = c.params();
    kernel = p.requiredTuple("kernelSize", 2, 1);
    stride = p.tuple("stride", 2, new int[] {1, 1}, 1);
    padding = p.tuple("padding", 2, new int[] {0, 0}, 0);
    outputPadding = p.tuple("outputPadding", 2, new int[] {0, 0}, 0);
    dilation = p.tuple("dilation", 2, new int[] {1, 1}, 1);
    groups = p.integer("groups", 1, 1);
    inChannels = c.input().dim(0);
    outChannels = p.requiredInt("outChannels", 1);
    weight =
        parameter(
            "weight",
            Parameter.Type.WEIGHT,
            new Shape(inChannels, outChannels / groups, kernel[0], kernel[1]),
            null);
    bias =
        p.bool("bias", true)
            ? parameter("bias", Parameter.Type.BIAS, new Shape(outChannels), null)
            : null;
  }

  @Override
  NDArray compute(ParameterStore store, NDList inputs, boolean training) {
    NDArray x = inputs.singletonOrThrow();
    long n = x.getShape().get(0);
    long h = x.getShape().get(2);
    long w = x.getShape().get(3);
    // zeros between elements: [N, C, H, 1, W, 1] padded to [N, C, H, s, W, s], then trimmed
    NDArray spread =
        x.reshape(n, inChannels, h, 1, w, 1)
            .pad(new Shape(0, stride[1] - 1, 0, 0, 0, stride[0] - 1), 0)
            .reshape(n, inChannels, h * stride[0], w * stride[1])
            .get(new NDIndex(":, :, :{}, :{}", (h - 1) * stride[0] + 1, (w - 1) * stride[1] + 1));
    long padH = (long) dilation[0] * (kernel[0] - 1) - padding[0];
    long padW = (long) dilation[1] * (kernel[1] - 1) - padding[1];
    NDArray padded =
        spread.pad(new Shape(padW, padW + outputPadding[1], padH, padH + outputPadding[0]), 0);
    NDArray k =
        value(store, weight, x, training)
            .reshape(groups, inChannels / groups, outChannels / groups, kernel[0], kernel[1])
            .transpose(0, 2, 1, 3, 4)
            .reshape(outChannels, inChannels / groups, kernel[0], kernel[1])
            .flip(2, 3);
    NDArray b = bias == null ? null : value(store, bias, x, training);
    return Conv2d.conv2d(
            padded,
            k,
            b,
            new Shape(1, 1),
            new Shape(0, 0),
            new Shape(dilation[0], dilation[1]),
            groups)
        .singletonOrThrow();
  }
}
