package io.neuralforge.trainer.model;

import ai.djl.nn.Block;

/** Builds the DJL block of one node, by catalog family. */
final class LayerBlocks {
  private LayerBlocks() {}

  static Block build(NodeContext c) {
    Block block =
        switch (c.type()) {
          case "Linear" -> DenseBlocks.linear(c);
          case "Conv1D", "Conv2D", "Conv3D", "ConvTranspose2D" -> ConvolutionBlocks.build(c);
          case "MaxPool1D",
              "MaxPool2D",
              "MaxPool3D",
              "AvgPool1D",
              "AvgPool2D",
              "AvgPool3D",
              "AdaptiveAvgPool2D",
              "AdaptiveMaxPool2D",
              "GlobalAvgPool2D" ->
              PoolingBlocks.build(c);
          case "BatchNorm1D",
              "BatchNorm2D",
              "BatchNorm3D",
              "LayerNorm",
              "GroupNorm",
              "InstanceNorm2D",
              "Dropout",
              "Dropout2D" ->
              NormalizationBlocks.build(c);
          case "ReLU",
              "ReLU6",
              "LeakyReLU",
              "ELU",
              "GELU",
              "SiLU",
              "Sigmoid",
              "Tanh",
              "Hardswish",
              "Softmax",
              "LogSoftmax",
              "PReLU" ->
              ActivationBlocks.build(c);
          case "Identity",
              "Flatten",
              "Reshape",
              "Permute",
              "Add",
              "Multiply",
              "Concat",
              "ZeroPad2D",
              "Upsample" ->
              StructureBlocks.build(c);
          case "Embedding",
              "LSTM",
              "GRU",
              "RNN",
              "SequencePool",
              "MultiHeadAttention",
              "TransformerEncoderLayer",
              "PositionalEncoding" ->
              SequenceBlocks.build(c);
          default -> null;
        };
    if (block == null) {
      throw new IllegalArgumentException(
          "node " + c.id() + ": the trainer cannot build type " + c.type());
    }
    return block;
  }
}
