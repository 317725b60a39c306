package io.neuralforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import io.neuralforge.graph.layers.Params;

/** Element-wise activations and (log-)softmax. */
final class ActivationBlocks {
  private ActivationBlocks() {}

  static Block build(NodeContext c) {
    Params p = c.params();
    return switch (c.type()) {
      case "ReLU" -> LambdaBlock.singleton(Activation::relu);
      case "ReLU6" -> LambdaBlock.singleton(x -> x.clip(0, 6));
      case "LeakyReLU" -> {
        float slope = (float) p.anyNumber("negativeSlope", 0.01);
        yield LambdaBlock.singleton(x -> Activation.leakyRelu(x, slope));
      }
      case "ELU" -> {
        float alpha = (float) p.anyNumber("alpha", 1.0);
        yield LambdaBlock.singleton(x -> Activation.elu(x, alpha));
      }
      case "GELU" -> LambdaBlock.singleton(Activation::gelu);
      case "SiLU" -> LambdaBlock.singleton(x -> x.mul(Activation.sigmoid(x)));
      case "Sigmoid" -> LambdaBlock.singleton(Activation::sigmoid);
      case "Tanh" -> LambdaBlock.singleton(Activation::tanh);
      case "Hardswish" -> LambdaBlock.singleton(x -> x.mul(x.add(3).clip(0, 6)).div(6));
      case "Softmax", "LogSoftmax" -> {
        int axis = batchedAxis(p.anyInt("dim", -1), c.input().rank());
        boolean log = c.type().equals("LogSoftmax");
        yield LambdaBlock.singleton(x -> log ? x.logSoftmax(axis) : x.softmax(axis));
      }
      case "PReLU" -> new PRelu(c, p.integer("numParameters", 1, 1));
      default -> null;
    };
  }

  /** A per-sample axis (negative from the end) as an axis of the batched tensor. */
  static int batchedAxis(int axis, int rank) {
    return (axis < 0 ? axis + rank : axis) + 1;
  }

  /** max(0, x) + a * min(0, x), with one slope or one per channel; slopes start at 0.25. */
  static final class PRelu extends NodeBlock {
    private final Parameter alpha;

    PRelu(NodeContext c, int count) {
      super(c.outputShape());
      alpha =
          parameter(
              "alpha",
              Parameter.Type.WEIGHT,
              new ai.djl.ndarray.types.Shape(count),
              new ConstantInitializer(0.25f));
    }

    @Override
    NDArray compute(ParameterStore store, NDList inputs, boolean training) {
      NDArray x = inputs.singletonOrThrow();
      NDArray a = value(store, alpha, x, training);
      if (a.size() > 1) {
        a = a.reshape(NormalizationBlocks.perChannelShape(x.getShape()));
      }
      return x.maximum(0).add(a.mul(x.minimum(0)));
    }
  }
}
