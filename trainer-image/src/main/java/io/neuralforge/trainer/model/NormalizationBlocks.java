package io.neuralforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import io.neuralforge.graph.layers.Params;

/** Batch, layer, group and instance norm; dropout. */
final class NormalizationBlocks {
  private NormalizationBlocks() {}

  static Block build(NodeContext c) {
    Params p = c.params();
    float eps = (float) p.positive("eps", 1e-5);
    return switch (c.type()) {
      case "BatchNorm1D", "BatchNorm2D", "BatchNorm3D" -> {
        boolean affine = p.bool("affine", true);
        // DJL keeps running = running * m + batch * (1 - m): PyTorch's momentum is 1 - m.
        float momentum = (float) p.number("momentum", 0.1, 0, 1, true);
        yield BatchNorm.builder()
            .optAxis(1)
            .optEpsilon(eps)
            .optMomentum(1 - momentum)
            .optCenter(affine)
            .optScale(affine)
            .build();
      }
      case "LayerNorm" -> {
        int rank = c.input().rank();
        int[] normalized = p.intList("normalizedShape", new int[] {c.input().last()});
        int[] axes = new int[normalized.length];
        for (int i = 0; i < axes.length; i++) {
          axes[i] = rank + 1 - normalized.length + i; // batch axis in front
        }
        boolean affine = p.bool("elementwiseAffine", true);
        yield LayerNorm.builder()
            .axis(axes)
            .optEpsilon(eps)
            .optCenter(affine)
            .optScale(affine)
            .build();
      }
      case "GroupNorm" ->
          new GroupNorm(c, p.requiredInt("numGroups", 1), eps, p.bool("affine", true));
      case "InstanceNorm2D" -> new GroupNorm(c, c.input().dim(0), eps, p.bool("affine", false));
      case "Dropout" -> Dropout.builder().optRate((float) p.number("p", 0.5, 0, 1, false)).build();
      case "Dropout2D" -> new ChannelDropout(c, (float) p.number("p", 0.5, 0, 1, false));
      default -> null;
    };
  }

  /**
   * Normalises each sample over groups of channels (and their spatial extent), then scales and
   * shifts per channel; with one group per channel it is instance norm.
   */
  static final class GroupNorm extends NodeBlock {
    private final int groups;
    private final float eps;
    private final Parameter gamma;
    private final Parameter beta;

    GroupNorm(NodeContext c, int groups, float eps, boolean affine) {
      super(c.outputShape());
      this.groups = groups;
      this.eps = eps;
      Shape channels = new Shape(c.input().dim(0));
      gamma = affine ? parameter("gamma", Parameter.Type.GAMMA, channels, null) : null;
      beta = affine ? parameter("beta", Parameter.Type.BETA, channels, null) : null;
    }

    @Override
    NDArray compute(ParameterStore store, NDList inputs, boolean training) {
      NDArray x = inputs.singletonOrThrow();
      Shape shape = x.getShape();
      NDArray grouped = x.reshape(shape.get(0), groups, -1);
      NDArray mean = grouped.mean(new int[] {2}, true);
      NDArray variance = grouped.sub(mean).square().mean(new int[] {2}, true);
      NDArray normalized = grouped.sub(mean).div(variance.add(eps).sqrt()).reshape(shape);
      if (gamma == null) {
        return normalized;
      }
      Shape perChannel = perChannelShape(shape);
      return normalized
          .mul(value(store, gamma, x, training).reshape(perChannel))
          .add(value(store, beta, x, training).reshape(perChannel));
    }
  }

  /** Zeroes whole channels with probability p while training, scaling the rest by 1/(1-p). */
  static final class ChannelDropout extends NodeBlock {
    private final float rate;

    ChannelDropout(NodeContext c, float rate) {
      super(c.outputShape());
      this.rate = rate;
    }

    @Override
    NDArray compute(ParameterStore store, NDList inputs, boolean training) {
      NDArray x = inputs.singletonOrThrow();
      if (!training || rate == 0) {
        return x;
      }
      Shape shape = x.getShape();
      long[] maskDims = new long[shape.dimension()];
      java.util.Arrays.fill(maskDims, 1);
      maskDims[0] = shape.get(0);
      maskDims[1] = shape.get(1);
      NDArray keep =
          x.getManager()
              .randomUniform(0, 1, new Shape(maskDims))
              .gte(rate)
              .toType(x.getDataType(), false);
      return x.mul(keep).div(1 - rate);
    }
  }

  /** [1, C, 1, ...] for broadcasting a per-channel vector over {@code shape}. */
  static Shape perChannelShape(Shape shape) {
    long[] dims = new long[shape.dimension()];
    java.util.Arrays.fill(dims, 1);
    dims[1] = shape.get(1);
    return new Shape(dims);
  }
}
