package io.neuralforge.trainer.model;

/**
 * The two layer norms of a TransformerEncoderLayer, over the embedding (the last axis), as the
 * trainer builds them and the exporter writes them: the catalog has no parameter for their epsilon,
 * so both take PyTorch's layer_norm_eps default from here.
 */
public final class EncoderLayerNorm {
  public static final float EPS = 1e-5f;

  private EncoderLayerNorm() {}
}
