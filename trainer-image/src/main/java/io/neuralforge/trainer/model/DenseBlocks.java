package io.neuralforge.trainer.model;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;

/** Linear. */
final class DenseBlocks {
  private DenseBlocks() {}

  static Block linear(NodeContext c) {
    return Linear.builder()
        .setUnits(c.params().requiredInt("outFeatures", 1))
        .optBias(c.params().bool("bias", true))
        .build();
  }
}
