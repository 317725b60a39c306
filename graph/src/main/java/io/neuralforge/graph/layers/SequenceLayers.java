package io.neuralforge.graph.layers;

import io.neuralforge.graph.Shape;
import java.util.List;
import java.util.Set;

/** Embedding, recurrent layers, sequence pooling, attention and positional encoding. */
final class SequenceLayers {
  private SequenceLayers() {}

  private static final Set<String> RECURRENT_KEYS =
      Set.of("hiddenSize", "numLayers", "bidirectional", "dropout", "bias");
  private static final Set<String> RNN_KEYS =
      Set.of("hiddenSize", "numLayers", "bidirectional", "dropout", "bias", "nonlinearity");

  static List<LayerType> types() {
    return List.of(
        new LayerType(
            "Embedding",
            Arity.ONE,
            Set.of("numEmbeddings", "embeddingDim", "paddingIdx"),
            true,
            SequenceLayers::embedding),
        new LayerType("LSTM", Arity.ONE, RECURRENT_KEYS, false, in -> recurrent(in, 4)),
        new LayerType("GRU", Arity.ONE, RECURRENT_KEYS, false, in -> recurrent(in, 3)),
        new LayerType("RNN", Arity.ONE, RNN_KEYS, false, in -> recurrent(in, 1)),
        new LayerType(
            "SequencePool", Arity.ONE, Set.of("mode"), false, SequenceLayers::sequencePool),
        new LayerType(
            "MultiHeadAttention",
            Arity.ONE_OR_THREE,
            Set.of("numHeads", "dropout", "bias"),
            false,
            SequenceLayers::attention),
        new LayerType(
            "TransformerEncoderLayer",
            Arity.ONE,
            Set.of("numHeads", "dimFeedforward", "dropout", "activation", "normFirst"),
            false,
            SequenceLayers::encoderLayer),
        new LayerType(
            "PositionalEncoding",
            Arity.ONE,
            Set.of("kind", "maxLength"),
            false,
            SequenceLayers::positional));
  }

  private static LayerOutput embedding(LayerInput in) {
    Params p = in.params();
    int count = p.requiredInt("numEmbeddings", 1);
    int dim = p.requiredInt("embeddingDim", 1);
    if (p.has("paddingIdx")) {
      int pad = p.anyInt("paddingIdx", 0);
      if (pad < -count || pad >= count) {
        p.error(
            "paddingIdx",
            "must be in [-numEmbeddings, numEmbeddings) = ["
                + -count
                + ", "
                + count
                + "), got "
                + pad);
      }
    }
    p.check();
    Shape s = in.shape();
    long[] dims = new long[s.rank() + 1];
    for (int i = 0; i < s.rank(); i++) {
      dims[i] = s.dim(i);
    }
    dims[s.rank()] = dim;
    return new LayerOutput(Shape.ofLongs(dims), Math.multiplyExact((long) count, dim), 0);
  }

  /** LSTM (4 gates), GRU (3) and RNN (1): per layer and direction {@code g*H*(I_l + H)} weights. */
  private static LayerOutput recurrent(LayerInput in, int gates) {
    Params p = in.params();
    int hidden = p.requiredInt("hiddenSize", 1);
    int layers = p.integer("numLayers", 1, 1);
    boolean bidirectional = p.bool("bidirectional", false);
    p.number("dropout", 0, 0, 1, false);
    boolean bias = p.bool("bias", true);
    if (gates == 1) {
      p.choice("nonlinearity", "tanh", "tanh", "relu");
    }
    p.check();
    Shape s = in.shapeOfRank("a sequence [T, features]", 2);
    int dirs = bidirectional ? 2 : 1;
    long time = s.dim(0);
    long params = 0;
    long macs = 0;
    long layerInput = s.dim(1);
    for (int layer = 0; layer < layers; layer++) {
      long weights = Math.multiplyExact((long) gates * hidden, layerInput + hidden);
      long perDirection = Math.addExact(weights, bias ? 2L * gates * hidden : 0);
      params = Math.addExact(params, Math.multiplyExact(perDirection, dirs));
      macs = Math.addExact(macs, Math.multiplyExact(Math.multiplyExact(weights, dirs), time));
      layerInput = (long) hidden * dirs;
    }
    return new LayerOutput(Shape.ofLongs(time, (long) hidden * dirs), params, macs);
  }

  private static LayerOutput sequencePool(LayerInput in) {
    in.params().choice("mode", "last", "last", "mean", "max");
    in.params().check();
    Shape s = in.shapeOfRank("a sequence [T, features]", 2);
    return LayerOutput.of(Shape.of(s.dim(1)));
  }

  private static LayerOutput attention(LayerInput in) {
    Params p = in.params();
    int heads = p.requiredInt("numHeads", 1);
    p.number("dropout", 0, 0, 1, false);
    boolean bias = p.bool("bias", true);
    p.check();
    List<Shape> shapes = in.shapes();
    for (Shape s : shapes) {
      if (s.rank() != 2) {
        throw LayerInput.fail("inputs", "expects sequences [T, E], got shape " + s);
      }
    }
    Shape query = shapes.get(0);
    Shape key = shapes.get(shapes.size() == 3 ? 1 : 0);
    Shape value = shapes.get(shapes.size() == 3 ? 2 : 0);
    long e = query.dim(1);
    if (key.dim(1) != e || value.dim(1) != e) {
      throw LayerInput.fail(
          "inputs",
          "query, key and value must share the feature size E, got "
              + query
              + ", "
              + key
              + ", "
              + value);
    }
    if (key.dim(0) != value.dim(0)) {
      throw LayerInput.fail(
          "inputs", "key " + key + " and value " + value + " must have the same length");
    }
    requireHeads(e, heads);
    long tq = query.dim(0);
    long tk = key.dim(0);
    long params = Math.addExact(Math.multiplyExact(4 * e, e), bias ? 4 * e : 0);
    long projections = Math.multiplyExact(Math.multiplyExact(e, e), 2 * tq + 2 * tk);
    long products = Math.multiplyExact(Math.multiplyExact(2 * tq, tk), e);
    return new LayerOutput(query, params, Math.addExact(projections, products));
  }

  private static LayerOutput encoderLayer(LayerInput in) {
    Params p = in.params();
    int heads = p.requiredInt("numHeads", 1);
    int ff = p.integer("dimFeedforward", 2048, 1);
    p.number("dropout", 0.1, 0, 1, false);
    p.choice("activation", "relu", "relu", "gelu");
    p.bool("normFirst", false);
    p.check();
    Shape s = in.shapeOfRank("a sequence [T, E]", 2);
    long t = s.dim(0);
    long e = s.dim(1);
    requireHeads(e, heads);
    long attention = Math.addExact(Math.multiplyExact(4 * e, e), 4 * e);
    long feedForward = Math.addExact(Math.multiplyExact(2 * e, ff), ff + e);
    long params = Math.addExact(Math.addExact(attention, feedForward), 4 * e);
    long macs =
        Math.addExact(
            Math.multiplyExact(Math.multiplyExact(4 * t, e), e),
            Math.addExact(
                Math.multiplyExact(Math.multiplyExact(2 * t, t), e),
                Math.multiplyExact(Math.multiplyExact(2 * t, e), ff)));
    return new LayerOutput(s, params, macs);
  }

  private static LayerOutput positional(LayerInput in) {
    Params p = in.params();
    String kind = p.choice("kind", "sinusoidal", "sinusoidal", "learned");
    int maxLength = p.requiredInt("maxLength", 1);
    p.check();
    Shape s = in.shapeOfRank("a sequence [T, E]", 2);
    if (s.dim(0) > maxLength) {
      throw LayerInput.fail(
          "maxLength",
          "sequence length " + s.dim(0) + " of input " + s + " exceeds maxLength " + maxLength);
    }
    long params = kind.equals("learned") ? Math.multiplyExact((long) maxLength, s.dim(1)) : 0;
    return new LayerOutput(s, params, 0);
  }

  private static void requireHeads(long e, int heads) {
    if (e % heads != 0) {
      throw LayerInput.fail(
          "numHeads", "embedding size " + e + " is not divisible by numHeads " + heads);
    }
  }
}
