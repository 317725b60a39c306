package io.neuralforge.trainer.model;

import ai.djl.nn.Block;
import io.neuralforge.graph.layers.LayerCatalog;
import io.neuralforge.graph.layers.LayerFamily;

/** Builds the DJL block of one node, by catalog family. */
final class LayerBlocks {
  private LayerBlocks() {}

  static Block build(NodeContext c) {
    LayerFamily family = LayerCatalog.familyOf(c.type());
    Block block =
        family == null
            ? null
            : switch (family) {
              case DENSE -> DenseBlocks.linear(c);
              case CONVOLUTION -> ConvolutionBlocks.build(c);
              case POOLING -> PoolingBlocks.build(c);
              case NORMALIZATION -> NormalizationBlocks.build(c);
              case ACTIVATION -> ActivationBlocks.build(c);
              case STRUCTURE -> StructureBlocks.build(c);
              case SEQUENCE -> SequenceBlocks.build(c);
            };
    if (block == null) {
      throw new IllegalArgumentException(
          "node " + c.id() + ": the trainer cannot build type " + c.type());
    }
    return block;
  }
}
