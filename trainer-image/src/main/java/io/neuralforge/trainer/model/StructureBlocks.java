package io.neuralforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import io.neuralforge.graph.layers.Params;

/** Identity, flatten, reshape, permute, merges, padding and upsampling. */
final class StructureBlocks {
  private StructureBlocks() {}

  static Block build(NodeContext c) {
    Params p = c.params();
    return switch (c.type()) {
      case "Identity" -> LambdaBlock.singleton(x -> x);
      case "Flatten", "Reshape" -> {
        Shape target = BatchShapes.batched(-1, c.outputShape());
        yield LambdaBlock.singleton(x -> x.reshape(target));
      }
      case "Permute" -> {
        int rank = c.input().rank();
        int[] dims = p.intList("dims", new int[0]);
        int[] axes = new int[rank + 1];
        for (int i = 0; i < rank; i++) {
          axes[i + 1] = ActivationBlocks.batchedAxis(dims[i], rank);
        }
        yield LambdaBlock.singleton(x -> x.transpose(axes));
      }
      case "Add" -> new LambdaBlock(list -> new NDList(fold(list, false)));
      case "Multiply" -> new LambdaBlock(list -> new NDList(fold(list, true)));
      case "Concat" -> {
        int axis = ActivationBlocks.batchedAxis(p.anyInt("axis", 0), c.input().rank());
        yield new LambdaBlock(list -> new NDList(NDArrays.concat(list, axis)));
      }
      case "ZeroPad2D" -> {
        int[] pad = new int[4];
        Object raw = p.raw("padding");
        java.util.Arrays.fill(pad, raw instanceof Integer i ? i : 0);
        if (raw instanceof java.util.List<?> list) {
          for (int i = 0; i < 4; i++) {
            pad[i] = ((Number) list.get(i)).intValue();
          }
        }
        Shape torchOrder = new Shape(pad[0], pad[1], pad[2], pad[3]); // left, right, top, bottom
        yield LambdaBlock.singleton(x -> x.pad(torchOrder, 0));
      }
      case "Upsample" -> upsample(c);
      default -> null;
    };
  }

  private static NDArray fold(NDList list, boolean multiply) {
    NDArray result = list.get(0);
    for (int i = 1; i < list.size(); i++) {
      result = multiply ? result.mul(list.get(i)) : result.add(list.get(i));
    }
    return result;
  }

  private static Block upsample(NodeContext c) {
    int[] scale = c.params().requiredTuple("scaleFactor", 2, 1);
    if (!"bilinear".equals(c.params().raw("mode"))) {
      return LambdaBlock.singleton(x -> x.repeat(2, scale[0]).repeat(3, scale[1]));
    }
    Interpolation rows = Interpolation.of(c.input().dim(1), scale[0]);
    Interpolation cols = Interpolation.of(c.input().dim(2), scale[1]);
    return LambdaBlock.singleton(x -> cols.apply(rows.apply(x, 2), 3));
  }

  /**
   * Linear interpolation along one axis with align_corners=False, as PyTorch's bilinear upsampling
   * does per axis: output i samples input position (i + 0.5) / scale - 0.5.
   */
  record Interpolation(long[] lower, long[] upper, float[] upperWeight) {
    static Interpolation of(int length, int scale) {
      int out = length * scale;
      long[] lower = new long[out];
      long[] upper = new long[out];
      float[] weight = new float[out];
      for (int i = 0; i < out; i++) {
        double source = Math.max((i + 0.5) / scale - 0.5, 0);
        int low = (int) Math.floor(source);
        lower[i] = low;
        upper[i] = Math.min(low + 1, length - 1);
        weight[i] = (float) (source - low);
      }
      return new Interpolation(lower, upper, weight);
    }

    NDArray apply(NDArray x, int axis) {
      var m = x.getManager();
      String index = axis == 2 ? ":, :, {}" : ":, :, :, {}";
      NDArray low = x.get(new NDIndex(index, m.create(lower)));
      NDArray high = x.get(new NDIndex(index, m.create(upper)));
      long[] dims = {1, 1, 1, 1};
      dims[axis] = upperWeight.length;
      NDArray w = m.create(upperWeight).reshape(new Shape(dims));
      return low.mul(w.neg().add(1)).add(high.mul(w));
    }
  }
}
