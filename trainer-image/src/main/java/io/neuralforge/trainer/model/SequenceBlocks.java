package io.neuralforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.recurrent.RNN;
import ai.djl.nn.recurrent.RecurrentBlock;
import ai.djl.training.ParameterStore;
import io.neuralforge.graph.layers.Params;

/** Embedding, recurrent layers, sequence pooling, attention and positional encoding. */
final class SequenceBlocks {
  private SequenceBlocks() {}

  static Block build(NodeContext c) {
    Params p = c.params();
    return switch (c.type()) {
      case "Embedding" -> new Embedding(c);
      case "LSTM", "GRU", "RNN" -> recurrent(c);
      case "SequencePool" -> {
        String mode = p.choice("mode", "last", "last", "mean", "max");
        yield LambdaBlock.singleton(
            x ->
                switch (mode) {
                  case "mean" -> x.mean(new int[] {1});
                  case "max" -> x.max(new int[] {1});
                  default -> x.get(new NDIndex(":, -1, :"));
                });
      }
      case "MultiHeadAttention" ->
          new Attention(
              c,
              c.input().dim(1),
              p.requiredInt("numHeads", 1),
              (float) p.number("dropout", 0, 0, 1, false),
              p.bool("bias", true));
      case "TransformerEncoderLayer" -> new EncoderLayer(c);
      case "PositionalEncoding" -> new PositionalEncoding(c);
      default -> null;
    };
  }

  private static Block recurrent(NodeContext c) {
    Params p = c.params();
    int layers = p.integer("numLayers", 1, 1);
    float dropout = (float) p.number("dropout", 0, 0, 1, false);
    boolean bidirectional = p.bool("bidirectional", false);
    return new StackedRecurrent(
        c,
        layers,
        bidirectional,
        dropout,
        () ->
            switch (c.type()) {
              case "LSTM" -> configure(LSTM.builder(), p).build();
              case "GRU" -> configure(GRU.builder(), p).build();
              default ->
                  configure(RNN.builder(), p)
                      .setActivation(
                          "relu".equals(p.raw("nonlinearity"))
                              ? RNN.Activation.RELU
                              : RNN.Activation.TANH)
                      .build();
            });
  }

  /** One recurrent layer in one direction; layers and directions are composed by the caller. */
  private static <B extends RecurrentBlock.BaseBuilder<B>> B configure(B builder, Params p) {
    return builder
        .setStateSize(p.requiredInt("hiddenSize", 1))
        .setNumLayers(1)
        .optBidirectional(false)
        .optHasBiases(p.bool("bias", true))
        .optBatchFirst(true)
        .optReturnState(false);
  }

  /**
   * PyTorch's multi-layer, optionally bidirectional recurrent network, composed of one-layer,
   * one-direction blocks: the backward direction reads the sequence reversed, and the two
   * directions' outputs are concatenated per step. Dropout acts on every layer's output but the
   * last while training. (DJL's own bidirectional blocks hand the engine their weights in an order
   * it rejects when the input and hidden sizes differ.)
   */
  static final class StackedRecurrent extends NodeBlock {
    private final java.util.List<Block[]> layers = new java.util.ArrayList<>();
    private final Block dropout;

    StackedRecurrent(
        NodeContext c,
        int count,
        boolean bidirectional,
        float rate,
        java.util.function.Supplier<Block> layer) {
      super(c.outputShape());
      for (int i = 0; i < count; i++) {
        Block forward = addChildBlock("layer" + i, layer.get());
        layers.add(
            bidirectional
                ? new Block[] {forward, addChildBlock("layer" + i + "-reverse", layer.get())}
                : new Block[] {forward});
      }
      dropout = addChildBlock("dropout", Dropout.builder().optRate(rate).build());
    }

    @Override
    protected void initializeChildBlocks(
        ai.djl.ndarray.NDManager manager, DataType type, Shape... shapes) {
      Shape in = shapes[0];
      for (Block[] directions : layers) {
        long features = 0;
        for (Block direction : directions) {
          direction.initialize(manager, type, in);
          features += direction.getOutputShapes(new Shape[] {in})[0].get(2);
        }
        in = new Shape(in.get(0), in.get(1), features);
      }
      dropout.initialize(manager, type, in);
    }

    @Override
    NDArray compute(ParameterStore store, NDList inputs, boolean training) {
      NDArray x = inputs.singletonOrThrow();
      for (int i = 0; i < layers.size(); i++) {
        if (i > 0) {
          x = dropout.forward(store, new NDList(x), training).singletonOrThrow();
        }
        Block[] directions = layers.get(i);
        NDArray forward = directions[0].forward(store, new NDList(x), training).get(0);
        if (directions.length == 1) {
          x = forward;
        } else {
          NDArray backward =
              directions[1].forward(store, new NDList(x.flip(1)), training).get(0).flip(1);
          x = forward.concat(backward, 2);
        }
      }
      return x;
    }
  }

  /** A lookup table of vectors; the padding row reads as zeros and so learns nothing. */
  static final class Embedding extends NodeBlock {
    private final Parameter weight;
    private final Integer paddingIdx;
    private final int count;

    Embedding(NodeContext c) {
      super(c.outputShape());
      count = c.params().requiredInt("numEmbeddings", 1);
      int dim = c.params().requiredInt("embeddingDim", 1);
      paddingIdx =
          c.params().has("paddingIdx")
              ? Math.floorMod(c.params().anyInt("paddingIdx", 0), count)
              : null;
      weight =
          parameter(
              "weight",
              Parameter.Type.WEIGHT,
              new Shape(count, dim),
              new ai.djl.training.initializer.NormalInitializer(1f));
    }

    @Override
    NDArray compute(ParameterStore store, NDList inputs, boolean training) {
      NDArray ids = inputs.singletonOrThrow();
      NDArray table = value(store, weight, ids, training);
      NDArray flat = ids.toType(DataType.INT64, false).flatten();
      NDArray vectors = table.get(flat);
      if (paddingIdx != null) {
        vectors =
            vectors.mul(flat.neq(paddingIdx).toType(vectors.getDataType(), false).expandDims(1));
      }
      long[] dims = new long[ids.getShape().dimension() + 1];
      System.arraycopy(ids.getShape().getShape(), 0, dims, 0, dims.length - 1);
      dims[dims.length - 1] = table.getShape().get(1);
      return vectors.reshape(new Shape(dims));
    }
  }

  /** Multi-head scaled dot-product attention with query, key, value and output projections. */
  static final class Attention extends NodeBlock {
    private final int heads;
    private final Block query;
    private final Block key;
    private final Block value;
    private final Block output;
    private final Block dropout;

    Attention(NodeContext c, int embedding, int heads, float dropoutRate, boolean bias) {
      super(c.outputShape());
      this.heads = heads;
      query = addChildBlock("query", Linear.builder().setUnits(embedding).optBias(bias).build());
      key = addChildBlock("key", Linear.builder().setUnits(embedding).optBias(bias).build());
      value = addChildBlock("value", Linear.builder().setUnits(embedding).optBias(bias).build());
      output = addChildBlock("output", Linear.builder().setUnits(embedding).optBias(bias).build());
      dropout = addChildBlock("dropout", Dropout.builder().optRate(dropoutRate).build());
    }

    @Override
    protected void initializeChildBlocks(
        ai.djl.ndarray.NDManager manager, DataType type, Shape... shapes) {
      Shape q = shapes[0];
      Shape k = shapes.length == 3 ? shapes[1] : q;
      Shape v = shapes.length == 3 ? shapes[2] : q;
      query.initialize(manager, type, q);
      key.initialize(manager, type, k);
      value.initialize(manager, type, v);
      output.initialize(manager, type, q);
      dropout.initialize(manager, type, new Shape(q.get(0), heads, q.get(1), k.get(1)));
    }

    @Override
    NDArray compute(ParameterStore store, NDList inputs, boolean training) {
      NDArray q = inputs.get(0);
      NDArray k = inputs.size() == 3 ? inputs.get(1) : q;
      NDArray v = inputs.size() == 3 ? inputs.get(2) : q;
      long batch = q.getShape().get(0);
      long e = q.getShape().get(2);
      long d = e / heads;
      NDArray qh = split(project(store, query, q, training), d);
      NDArray kh = split(project(store, key, k, training), d);
      NDArray vh = split(project(store, value, v, training), d);
      NDArray scores = qh.matMul(kh.transpose(0, 1, 3, 2)).div(Math.sqrt(d)).softmax(-1);
      scores = dropout.forward(store, new NDList(scores), training).singletonOrThrow();
      NDArray merged = scores.matMul(vh).transpose(0, 2, 1, 3).reshape(batch, -1, e);
      return project(store, output, merged, training);
    }

    private static NDArray project(ParameterStore store, Block block, NDArray x, boolean training) {
      return block.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /** [N, T, E] -> [N, heads, T, E / heads]. */
    private NDArray split(NDArray x, long d) {
      return x.reshape(x.getShape().get(0), -1, heads, d).transpose(0, 2, 1, 3);
    }
  }

  /**
   * PyTorch's TransformerEncoderLayer: self-attention and feed-forward, each with residual and
   * norm.
   */
  static final class EncoderLayer extends NodeBlock {
    private final Attention attention;
    private final Block norm1;
    private final Block norm2;
    private final Block linear1;
    private final Block linear2;
    private final Block dropout;
    private final boolean gelu;
    private final boolean normFirst;

    EncoderLayer(NodeContext c) {
      super(c.outputShape());
      Params p = c.params();
      int e = c.input().dim(1);
      int ff = p.integer("dimFeedforward", 2048, 1);
      float rate = (float) p.number("dropout", 0.1, 0, 1, false);
      gelu = "gelu".equals(p.raw("activation"));
      normFirst = p.bool("normFirst", false);
      attention =
          addChildBlock("attention", new Attention(c, e, p.requiredInt("numHeads", 1), rate, true));
      norm1 = addChildBlock("norm1", norm());
      norm2 = addChildBlock("norm2", norm());
      linear1 = addChildBlock("linear1", Linear.builder().setUnits(ff).build());
      linear2 = addChildBlock("linear2", Linear.builder().setUnits(e).build());
      dropout = addChildBlock("dropout", Dropout.builder().optRate(rate).build());
    }

    private static Block norm() {
      return LayerNorm.builder().axis(2).optEpsilon(EncoderLayerNorm.EPS).build();
    }

    @Override
    protected void initializeChildBlocks(
        ai.djl.ndarray.NDManager manager, DataType type, Shape... shapes) {
      Shape x = shapes[0];
      attention.initialize(manager, type, x);
      norm1.initialize(manager, type, x);
      norm2.initialize(manager, type, x);
      linear1.initialize(manager, type, x);
      linear2.initialize(
          manager,
          type,
          new Shape(x.get(0), x.get(1), linear1.getOutputShapes(new Shape[] {x})[0].get(2)));
      dropout.initialize(manager, type, x);
    }

    @Override
    NDArray compute(ParameterStore store, NDList inputs, boolean training) {
      NDArray x = inputs.singletonOrThrow();
      if (normFirst) {
        x =
            x.add(
                drop(
                    store,
                    attention.forward(store, new NDList(run(store, norm1, x, training)), training),
                    training));
        return x.add(
            drop(store, feedForward(store, run(store, norm2, x, training), training), training));
      }
      x =
          run(
              store,
              norm1,
              x.add(drop(store, attention.forward(store, new NDList(x), training), training)),
              training);
      return run(
          store, norm2, x.add(drop(store, feedForward(store, x, training), training)), training);
    }

    private NDArray feedForward(ParameterStore store, NDArray x, boolean training) {
      NDArray hidden = run(store, linear1, x, training);
      hidden = gelu ? Activation.gelu(hidden) : Activation.relu(hidden);
      return run(store, linear2, drop(store, hidden, training), training);
    }

    private NDArray drop(ParameterStore store, NDArray x, boolean training) {
      return run(store, dropout, x, training);
    }

    private NDArray drop(ParameterStore store, NDList x, boolean training) {
      return drop(store, x.singletonOrThrow(), training);
    }

    private static NDArray run(ParameterStore store, Block block, NDArray x, boolean training) {
      return block.forward(store, new NDList(x), training).singletonOrThrow();
    }
  }

  /** Adds a fixed sinusoidal or a learned position encoding to [N, T, E]. */
  static final class PositionalEncoding extends NodeBlock {
    private final Parameter learned;
    private final float[] sinusoid;
    private final int length;
    private final int width;

    PositionalEncoding(NodeContext c) {
      super(c.outputShape());
      length = c.input().dim(0);
      width = c.input().dim(1);
      int maxLength = c.params().requiredInt("maxLength", 1);
      if ("learned".equals(c.params().raw("kind"))) {
        learned =
            parameter(
                "position",
                Parameter.Type.WEIGHT,
                new Shape(maxLength, width),
                new ai.djl.training.initializer.NormalInitializer(0.02f));
        sinusoid = null;
      } else {
        learned = null;
        sinusoid = PositionalTables.sinusoid(length, width);
      }
    }

    @Override
    NDArray compute(ParameterStore store, NDList inputs, boolean training) {
      NDArray x = inputs.singletonOrThrow();
      NDArray encoding =
          learned != null
              ? value(store, learned, x, training).get(new NDIndex("0:{}", length))
              : x.getManager().create(sinusoid, new Shape(length, width));
      return x.add(encoding.expandDims(0));
    }
  }
}
