package io.neuralforge.trainer.model;

import io.neuralforge.graph.GraphSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Single-layer graphs covering every catalog type, shared by the parity tests. */
public final class LayerCases {
  private LayerCases() {}

  /** One single-layer graph: the layer's inputs (per-sample shapes) and its params. */
  public record Case(
      String type, List<List<Integer>> inputs, boolean tokenIds, Map<String, Object> params) {
    @Override
    public String toString() {
      return type + " " + inputs + " " + params;
    }
  }

  private static Case of(String type, List<Integer> input, Object... params) {
    return new Case(type, List.of(input), false, map(params));
  }

  private static Case multi(String type, List<List<Integer>> inputs, Object... params) {
    return new Case(type, inputs, false, map(params));
  }

  private static Map<String, Object> map(Object... params) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      m.put((String) params[i], params[i + 1]);
    }
    return m;
  }

  public static Stream<Case> cases() {
    return Stream.of(
        of("Linear", List.of(5, 20), "outFeatures", 30),
        of("Linear", List.of(20), "outFeatures", 7, "bias", false),
        of("Conv1D", List.of(4, 50), "outChannels", 8, "kernelSize", 3, "stride", 2, "padding", 1),
        of(
            "Conv2D",
            List.of(3, 10, 10),
            "outChannels",
            6,
            "kernelSize",
            3,
            "padding",
            1,
            "groups",
            3,
            "bias",
            false),
        of(
            "Conv2D",
            List.of(3, 10, 10),
            "outChannels",
            8,
            "kernelSize",
            4,
            "dilation",
            2,
            "padding",
            "same"),
        of(
            "Conv2D",
            List.of(3, 11, 9),
            "outChannels",
            2,
            "kernelSize",
            List.of(3, 5),
            "padding",
            "valid"),
        of(
            "Conv3D",
            List.of(2, 8, 16, 16),
            "outChannels",
            4,
            "kernelSize",
            3,
            "stride",
            List.of(1, 2, 2),
            "padding",
            1),
        of(
            "ConvTranspose2D",
            List.of(16, 8, 8),
            "outChannels",
            8,
            "kernelSize",
            4,
            "stride",
            2,
            "padding",
            1),
        of(
            "ConvTranspose2D",
            List.of(4, 5, 5),
            "outChannels",
            2,
            "kernelSize",
            3,
            "stride",
            2,
            "outputPadding",
            1),
        of(
            "MaxPool1D",
            List.of(3, 6),
            "kernelSize",
            3,
            "stride",
            2,
            "padding",
            1,
            "ceilMode",
            true),
        of("MaxPool2D", List.of(4, 11, 11), "kernelSize", 3, "stride", 2, "padding", 1),
        of("MaxPool3D", List.of(2, 6, 6, 6), "kernelSize", 2),
        of("AvgPool1D", List.of(4, 10), "kernelSize", 3),
        of(
            "AvgPool2D",
            List.of(3, 7, 7),
            "kernelSize",
            3,
            "stride",
            2,
            "padding",
            1,
            "countIncludePad",
            false),
        of("AvgPool3D", List.of(2, 6, 6, 6), "kernelSize", 2, "ceilMode", true),
        of("AdaptiveAvgPool2D", List.of(3, 10, 7), "outputSize", List.of(3, 4)),
        of("AdaptiveMaxPool2D", List.of(3, 5, 5), "outputSize", 7),
        of("GlobalAvgPool2D", List.of(8, 4, 4)),
        of("BatchNorm1D", List.of(16)),
        of("BatchNorm1D", List.of(16, 30), "affine", false),
        of("BatchNorm2D", List.of(6, 5, 5), "momentum", 0.2),
        of("BatchNorm3D", List.of(3, 4, 4, 4)),
        of("LayerNorm", List.of(10, 4, 8), "normalizedShape", List.of(4, 8)),
        of("LayerNorm", List.of(7, 12)),
        of(
            "LayerNorm",
            List.of(5, 3, 4),
            "normalizedShape",
            List.of(3, 4),
            "elementwiseAffine",
            false,
            "eps",
            0.001),
        of("GroupNorm", List.of(12, 8, 8), "numGroups", 4),
        of("InstanceNorm2D", List.of(5, 6, 6), "affine", true),
        of("InstanceNorm2D", List.of(5, 6, 6)),
        of("Dropout", List.of(12), "p", 0.3),
        of("Dropout2D", List.of(4, 6, 6), "p", 0.5),
        of("ReLU", List.of(3, 7)),
        of("ReLU6", List.of(3, 7)),
        of("LeakyReLU", List.of(3, 7), "negativeSlope", 0.2),
        of("ELU", List.of(3, 7), "alpha", 0.5),
        of("GELU", List.of(3, 7)),
        of("SiLU", List.of(3, 7)),
        of("Sigmoid", List.of(3, 7)),
        of("Tanh", List.of(3, 7)),
        of("Hardswish", List.of(3, 7)),
        of("Softmax", List.of(4, 5), "dim", -2),
        of("LogSoftmax", List.of(4, 5)),
        of("PReLU", List.of(16, 4, 4), "numParameters", 16),
        of("PReLU", List.of(16, 4, 4)),
        of("Identity", List.of(3, 4)),
        of("Flatten", List.of(3, 4, 5), "startDim", 1),
        of("Reshape", List.of(4, 4, 4), "shape", List.of(-1, 8)),
        of("Permute", List.of(3, 4, 5), "dims", List.of(2, 0, 1)),
        multi("Add", List.of(List.of(3, 4), List.of(3, 4), List.of(3, 4))),
        multi("Multiply", List.of(List.of(2, 5), List.of(2, 5))),
        multi("Concat", List.of(List.of(3, 4), List.of(3, 6)), "axis", -1),
        of("ZeroPad2D", List.of(3, 10, 10), "padding", List.of(1, 2, 3, 4)),
        of("Upsample", List.of(3, 4, 5), "scaleFactor", 2),
        of("Upsample", List.of(2, 3, 4), "scaleFactor", List.of(2, 3), "mode", "bilinear"),
        new Case(
            "Embedding",
            List.of(List.of(9)),
            true,
            map("numEmbeddings", 50, "embeddingDim", 8, "paddingIdx", 0)),
        of("LSTM", List.of(7, 12), "hiddenSize", 16, "numLayers", 2, "bidirectional", true),
        of("LSTM", List.of(5, 4), "hiddenSize", 10, "bias", false),
        of("GRU", List.of(10, 16), "hiddenSize", 32),
        of("RNN", List.of(5, 10), "hiddenSize", 20, "numLayers", 2, "nonlinearity", "relu"),
        of("SequencePool", List.of(10, 32), "mode", "max"),
        of("SequencePool", List.of(10, 32)),
        of("MultiHeadAttention", List.of(10, 64), "numHeads", 8),
        multi(
            "MultiHeadAttention",
            List.of(List.of(5, 16), List.of(7, 16), List.of(7, 16)),
            "numHeads",
            4,
            "bias",
            false),
        of("TransformerEncoderLayer", List.of(6, 32), "numHeads", 4, "dimFeedforward", 64),
        of(
            "TransformerEncoderLayer",
            List.of(6, 32),
            "numHeads",
            2,
            "dimFeedforward",
            48,
            "activation",
            "gelu",
            "normFirst",
            true),
        of("PositionalEncoding", List.of(10, 16), "kind", "learned", "maxLength", 32),
        of("PositionalEncoding", List.of(10, 16), "maxLength", 10));
  }

  /** The case's inputs with a batch dimension of {@code batch} in front, as DJL shapes. */
  public static ai.djl.ndarray.types.Shape[] batchedShapes(Case c, int batch) {
    return c.inputs().stream()
        .map(s -> BatchShapes.batched(batch, io.neuralforge.graph.Shape.of(s)))
        .toArray(ai.djl.ndarray.types.Shape[]::new);
  }

  /** The case as a graph: inputs in0, in1, ... and one node, "layer", the output. */
  public static GraphSpec graph(Case c) {
    List<GraphSpec.Input> inputs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < c.inputs().size(); i++) {
      inputs.add(new GraphSpec.Input("in" + i, c.inputs().get(i), c.tokenIds() ? "int64" : null));
      names.add("in" + i);
    }
    return new GraphSpec(
        null,
        inputs,
        List.of(new GraphSpec.Node("layer", c.type(), names, c.params())),
        List.of("layer"));
  }
}
