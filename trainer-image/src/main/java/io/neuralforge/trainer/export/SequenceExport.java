package io.neuralforge.trainer.export;

import static io.neuralforge.trainer.export.OnnxGraph.attr;

import ai.djl.ndarray.NDArray;
import io.neuralforge.graph.layers.Params;
import io.neuralforge.trainer.model.EncoderLayerNorm;
import io.neuralforge.trainer.model.PositionalTables;
import java.util.ArrayList;
import java.util.List;

/**
 * Embedding, recurrent layers (ONNX LSTM/GRU/RNN, one per layer, with PyTorch's gates reordered to
 * ONNX's), sequence pooling, attention and the encoder layer written out, positional encoding.
 */
final class SequenceExport {
  private SequenceExport() {}

  static String build(ExportNode n) {
    OnnxGraph g = n.graph();
    String id = n.id();
    return switch (n.type()) {
      case "Embedding" -> embedding(n);
      case "LSTM", "GRU", "RNN" -> recurrent(n);
      case "SequencePool" ->
          switch (n.params().choice("mode", "last", "last", "mean", "max")) {
            case "mean" ->
                g.node(
                    "ReduceMean",
                    id,
                    List.of(n.input()),
                    attr("axes", new long[] {1}),
                    attr("keepdims", 0));
            case "max" ->
                g.node(
                    "ReduceMax",
                    id,
                    List.of(n.input()),
                    attr("axes", new long[] {1}),
                    attr("keepdims", 0));
            default ->
                g.node("Gather", id, List.of(n.input(), g.intScalar("last", -1)), attr("axis", 1));
          };
      case "MultiHeadAttention" -> {
        String q = n.inputs().get(0);
        String k = n.inputs().size() == 3 ? n.inputs().get(1) : q;
        String v = n.inputs().size() == 3 ? n.inputs().get(2) : q;
        yield attention(n, "", q, k, v, n.params().requiredInt("numHeads", 1));
      }
      case "TransformerEncoderLayer" -> encoderLayer(n);
      case "PositionalEncoding" -> {
        int length = n.inputShape().dim(0);
        int width = n.inputShape().dim(1);
        NDArray learned = n.parameter("position");
        String table =
            learned != null
                ? g.weight(
                    id + "_position", learned.get("0:" + length).toFloatArray(), length, width)
                : g.floats(
                    id + "_sinusoid", PositionalTables.sinusoid(length, width), length, width);
        yield g.node("Add", id, List.of(n.input(), table));
      }
      default -> throw new IllegalArgumentException(n.type());
    };
  }

  /** Rows of the table by id; the padding id reads as zeros. */
  private static String embedding(ExportNode n) {
    OnnxGraph g = n.graph();
    String vectors = g.node("Gather", n.id(), List.of(n.weight("weight"), n.input()));
    if (!n.params().has("paddingIdx")) {
      return vectors;
    }
    int count = n.params().requiredInt("numEmbeddings", 1);
    long padding = Math.floorMod(n.params().anyInt("paddingIdx", 0), count);
    String isPadding =
        g.node("Equal", n.id() + "_is_pad", List.of(n.input(), g.intScalar("pad", padding)));
    String keep =
        g.node(
            "Cast",
            n.id() + "_keep",
            List.of(g.node("Not", n.id() + "_not_pad", List.of(isPadding))),
            attr("to", ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT.getNumber()));
    String column = g.node("Unsqueeze", n.id() + "_keep", List.of(keep, g.ints("axes", -1)));
    return g.node("Mul", n.id(), List.of(vectors, column));
  }

  private static String recurrent(ExportNode n) {
    OnnxGraph g = n.graph();
    Params p = n.params();
    int hidden = p.requiredInt("hiddenSize", 1);
    int layers = p.integer("numLayers", 1, 1);
    boolean bidirectional = p.bool("bidirectional", false);
    int[] gates =
        switch (n.type()) {
          case "LSTM" -> new int[] {0, 3, 1, 2}; // PyTorch i,f,g,o -> ONNX i,o,f,c
          case "GRU" -> new int[] {1, 0, 2}; // PyTorch r,z,n -> ONNX z,r,h
          default -> new int[] {0};
        };
    String x =
        g.node(
            "Transpose",
            n.id() + "_time_major",
            List.of(n.input()),
            attr("perm", new long[] {1, 0, 2}));
    for (int layer = 0; layer < layers; layer++) {
      List<String> directions = new ArrayList<>(List.of("layer" + layer));
      if (bidirectional) {
        directions.add("layer" + layer + "-reverse");
      }
      String w = stacked(n, directions, "i2h_WEIGHT", gates, hidden);
      String r = stacked(n, directions, "h2h_WEIGHT", gates, hidden);
      List<String> inputs = new ArrayList<>(List.of(x, w, r));
      if (n.named(directions.get(0) + "_l_0_i2h_BIAS") != null) {
        inputs.add(biases(n, directions, gates, hidden));
      }
      var attributes = new ArrayList<ai.onnx.proto.OnnxMl.AttributeProto>();
      attributes.add(attr("hidden_size", hidden));
      attributes.add(attr("direction", bidirectional ? "bidirectional" : "forward"));
      if (n.type().equals("GRU")) {
        attributes.add(attr("linear_before_reset", 1));
      }
      if (n.type().equals("RNN")) {
        String activation = "relu".equals(p.raw("nonlinearity")) ? "Relu" : "Tanh";
        attributes.add(
            ai.onnx.proto.OnnxMl.AttributeProto.newBuilder()
                .setName("activations")
                .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.STRINGS)
                .addAllStrings(
                    java.util.Collections.nCopies(
                        directions.size(), com.google.protobuf.ByteString.copyFromUtf8(activation)))
                .build());
      }
      String y =
          g.node(
              n.type(),
              n.id() + "_layer" + layer,
              inputs,
              attributes.toArray(ai.onnx.proto.OnnxMl.AttributeProto[]::new));
      // Y is [T, directions, N, H]: back to [T, N, directions * H], directions side by side
      String steps =
          g.node("Transpose", n.id() + "_steps", List.of(y), attr("perm", new long[] {0, 2, 1, 3}));
      x = g.node("Reshape", n.id() + "_merged", List.of(steps, g.ints("shape", 0, 0, -1)));
    }
    return g.node("Transpose", n.id(), List.of(x), attr("perm", new long[] {1, 0, 2}));
  }

  /** The directions' weight matrices, gates in ONNX's order: [directions, gates * H, in]. */
  private static String stacked(
      ExportNode n, List<String> directions, String which, int[] gates, int hidden) {
    List<float[]> parts = new ArrayList<>();
    long columns = 0;
    for (String direction : directions) {
      NDArray w = n.named(direction + "_l_0_" + which);
      columns = w.getShape().get(1);
      parts.add(reorder(w.toFloatArray(), gates, hidden, (int) columns));
    }
    return n.graph()
        .weight(
            n.id() + "_" + which,
            concat(parts),
            directions.size(),
            (long) gates.length * hidden,
            columns);
  }

  /** ONNX's B: per direction, the input biases then the recurrent ones, gates reordered. */
  private static String biases(ExportNode n, List<String> directions, int[] gates, int hidden) {
    List<float[]> parts = new ArrayList<>();
    for (String direction : directions) {
      parts.add(reorder(n.named(direction + "_l_0_i2h_BIAS").toFloatArray(), gates, hidden, 1));
      parts.add(reorder(n.named(direction + "_l_0_h2h_BIAS").toFloatArray(), gates, hidden, 1));
    }
    return n.graph()
        .weight(n.id() + "_bias", concat(parts), directions.size(), 2L * gates.length * hidden);
  }

  /** Rows grouped by gate ([gates * hidden, columns]) put in the order {@code gates}. */
  private static float[] reorder(float[] rows, int[] gates, int hidden, int columns) {
    float[] out = new float[rows.length];
    int block = hidden * columns;
    for (int i = 0; i < gates.length; i++) {
      System.arraycopy(rows, gates[i] * block, out, i * block, block);
    }
    return out;
  }

  private static float[] concat(List<float[]> parts) {
    float[] all = new float[parts.stream().mapToInt(a -> a.length).sum()];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  /**
   * softmax(Q K^T / sqrt(d)) V per head, with the projections of the block at {@code prefix}
   * (empty, or "attention_" inside an encoder layer).
   */
  private static String attention(
      ExportNode n, String prefix, String q, String k, String v, int heads) {
    OnnxGraph g = n.graph();
    String id = n.id();
    long embedding = n.named(prefix + "query_weight").getShape().get(0);
    long d = embedding / heads;
    String split = g.ints("heads", 0, -1, heads, d);
    String qh = heads(g, id + "_q", linear(n, prefix + "query", q), split, new long[] {0, 2, 1, 3});
    String kh = heads(g, id + "_k", linear(n, prefix + "key", k), split, new long[] {0, 2, 3, 1});
    String vh = heads(g, id + "_v", linear(n, prefix + "value", v), split, new long[] {0, 2, 1, 3});
    String scores =
        g.node(
            "Div",
            id + "_scores",
            List.of(
                g.node("MatMul", id + "_qk", List.of(qh, kh)),
                g.scalar("sqrt_d", (float) Math.sqrt(d))));
    String weights = g.node("Softmax", id + "_weights", List.of(scores), attr("axis", -1));
    String merged =
        g.node(
            "Reshape",
            id + "_merged",
            List.of(
                g.node(
                    "Transpose",
                    id + "_heads_back",
                    List.of(g.node("MatMul", id + "_context", List.of(weights, vh))),
                    attr("perm", new long[] {0, 2, 1, 3})),
                g.ints("shape", 0, -1, embedding)));
    return linear(n, prefix + "output", merged);
  }

  private static String heads(OnnxGraph g, String hint, String x, String split, long[] perm) {
    String reshaped = g.node("Reshape", hint + "_split", List.of(x, split));
    return g.node("Transpose", hint + "_heads", List.of(reshaped), attr("perm", perm));
  }

  private static String linear(ExportNode n, String block, String x) {
    return DenseExport.linear(
        n.graph(), n.id() + "_" + block, x, n.named(block + "_weight"), n.named(block + "_bias"));
  }

  /** PyTorch's TransformerEncoderLayer: post-norm by default, pre-norm with normFirst. */
  private static String encoderLayer(ExportNode n) {
    OnnxGraph g = n.graph();
    Params p = n.params();
    int heads = p.requiredInt("numHeads", 1);
    boolean normFirst = p.bool("normFirst", false);
    boolean gelu = "gelu".equals(p.raw("activation"));
    String x = n.input();
    if (normFirst) {
      String normed = norm(n, "norm1", x); // one node (and one copy of its weights) for Q, K and V
      String attended = attention(n, "attention_", normed, normed, normed, heads);
      x = g.node("Add", n.id() + "_residual1", List.of(x, attended));
      return g.node("Add", n.id(), List.of(x, feedForward(n, norm(n, "norm2", x), gelu)));
    }
    String attended = attention(n, "attention_", x, x, x, heads);
    x = norm(n, "norm1", g.node("Add", n.id() + "_residual1", List.of(x, attended)));
    return norm(
        n, "norm2", g.node("Add", n.id() + "_residual2", List.of(x, feedForward(n, x, gelu))));
  }

  private static String norm(ExportNode n, String block, String x) {
    OnnxGraph g = n.graph();
    NDArray gamma = n.named(block + "_gamma");
    long width = gamma.getShape().get(0);
    return g.node(
        "LayerNormalization",
        n.id() + "_" + block,
        List.of(
            x,
            g.weight(n.id() + "_" + block + "_gamma", gamma.toFloatArray(), width),
            g.weight(
                n.id() + "_" + block + "_beta", n.named(block + "_beta").toFloatArray(), width)),
        attr("axis", -1),
        attr("epsilon", EncoderLayerNorm.EPS));
  }

  private static String feedForward(ExportNode n, String x, boolean gelu) {
    OnnxGraph g = n.graph();
    String hidden = linear(n, "linear1", x);
    String activated =
        gelu
            ? ActivationExport.gelu(g, n.id() + "_gelu", hidden)
            : g.node("Relu", n.id() + "_relu", List.of(hidden));
    return linear(n, "linear2", activated);
  }
}
