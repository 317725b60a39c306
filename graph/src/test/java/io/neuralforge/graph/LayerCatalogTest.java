package io.neuralforge.graph;

import static io.neuralforge.graph.GraphBuilder.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.neuralforge.graph.layers.LayerCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shapes and counts per layer type, against what the equivalent torch.nn module reports. */
class LayerCatalogTest {

  private static void assertLayer(ValidationResult r, List<Integer> shape, long parameters) {
    assertThat(r.errors()).isEmpty();
    assertThat(r.nodes().get(0).outputShape()).isEqualTo(shape);
    assertThat(r.parameterCount()).isEqualTo(parameters);
  }

  private static void assertError(ValidationResult r, String field, String fragment) {
    assertThat(r.errors())
        .anySatisfy(
            e -> {
              assertThat(e.node()).isEqualTo("layer");
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.message()).contains(fragment);
            });
  }

  @Test
  void catalogHasEveryTypeOfTheSpec() {
    assertThat(LayerCatalog.all().keySet()).hasSize(51);
  }

  @Test
  void everyTypeBelongsToOneFamily() {
    assertThat(LayerCatalog.all().keySet())
        .allSatisfy(t -> assertThat(LayerCatalog.familyOf(t)).isNotNull());
    assertThat(LayerCatalog.familyOf("Conv2D"))
        .isEqualTo(io.neuralforge.graph.layers.LayerFamily.CONVOLUTION);
    assertThat(LayerCatalog.familyOf("conv2d")).isNull();
  }

  @Test
  void linearAppliesToTheLastAxis() {
    ValidationResult r = single(List.of(5, 20), "Linear", "outFeatures", 30);
    assertLayer(r, List.of(5, 30), 630);
    assertThat(r.macs()).isEqualTo(3000);
    assertLayer(single(List.of(20), "Linear", "outFeatures", 30, "bias", false), List.of(30), 600);
  }

  @Test
  void convolutions() {
    assertLayer(
        single(
            List.of(4, 50), "Conv1D", "outChannels", 8, "kernelSize", 3, "stride", 2, "padding", 1),
        List.of(8, 25),
        104);
    ValidationResult depthwise =
        single(
            List.of(32, 112, 112),
            "Conv2D",
            "outChannels",
            32,
            "kernelSize",
            3,
            "padding",
            1,
            "groups",
            32,
            "bias",
            false);
    assertLayer(depthwise, List.of(32, 112, 112), 288);
    assertThat(depthwise.macs()).isEqualTo(32L * 112 * 112 * 9);
    assertLayer(
        single(
            List.of(3, 10, 10),
            "Conv2D",
            "outChannels",
            8,
            "kernelSize",
            4,
            "dilation",
            2,
            "padding",
            "same"),
        List.of(8, 10, 10),
        8 * 3 * 16 + 8);
    assertLayer(
        single(
            List.of(3, 11, 9),
            "Conv2D",
            "outChannels",
            2,
            "kernelSize",
            List.of(3, 5),
            "padding",
            "valid"),
        List.of(2, 9, 5),
        2 * 3 * 15 + 2);
    assertLayer(
        single(
            List.of(2, 8, 16, 16),
            "Conv3D",
            "outChannels",
            4,
            "kernelSize",
            3,
            "stride",
            List.of(1, 2, 2),
            "padding",
            1),
        List.of(4, 8, 8, 8),
        220);
    ValidationResult up =
        single(
            List.of(16, 8, 8),
            "ConvTranspose2D",
            "outChannels",
            8,
            "kernelSize",
            4,
            "stride",
            2,
            "padding",
            1);
    assertLayer(up, List.of(8, 16, 16), 2056);
    assertThat(up.macs()).isEqualTo(16L * 64 * 8 * 16);
  }

  @Test
  void convolutionErrorsNameTheKey() {
    assertError(
        single(
            List.of(3, 10, 10),
            "Conv2D",
            "outChannels",
            8,
            "kernelSize",
            3,
            "stride",
            2,
            "padding",
            "same"),
        "padding",
        "stride 1");
    assertError(
        single(List.of(3, 10, 10), "Conv2D", "outChannels", 8, "kernelSize", 3, "groups", 2),
        "groups",
        "divisible");
    assertError(single(List.of(3, 10, 10), "Conv2D", "outChannels", 8), "kernelSize", "required");
    assertError(
        single(List.of(3, 10, 10), "Conv2D", "outChannels", 8, "kernelSize", 0),
        "kernelSize",
        "must be an integer in [1, 2147483647]");
    assertError(
        single(List.of(3, 10, 10), "Conv2D", "outChannels", 8, "kernelSize", 3.5),
        "kernelSize",
        "3.5");
    assertError(
        single(List.of(3, 10), "Conv2D", "outChannels", 8, "kernelSize", 3), "inputs", "[C, H, W]");
    assertError(
        single(List.of(3, 4, 4), "Conv2D", "outChannels", 8, "kernelSize", 5),
        "inputs",
        "non-positive");
    assertError(
        single(
            List.of(16, 8, 8),
            "ConvTranspose2D",
            "outChannels",
            8,
            "kernelSize",
            4,
            "stride",
            2,
            "outputPadding",
            2),
        "outputPadding",
        "smaller than stride");
  }

  @Test
  void pooling() {
    assertLayer(
        single(List.of(64, 112, 112), "MaxPool2D", "kernelSize", 3, "stride", 2, "padding", 1),
        List.of(64, 56, 56),
        0);
    assertLayer(
        single(List.of(1, 5, 5), "MaxPool2D", "kernelSize", 2, "ceilMode", true),
        List.of(1, 3, 3),
        0);
    assertLayer(single(List.of(1, 5, 5), "MaxPool2D", "kernelSize", 2), List.of(1, 2, 2), 0);
    // ceil mode drops a last window that would start in the right padding only
    assertLayer(
        single(
            List.of(1, 6),
            "MaxPool1D",
            "kernelSize",
            3,
            "stride",
            2,
            "padding",
            1,
            "ceilMode",
            true),
        List.of(1, 4),
        0);
    // ceil mode counts a last window that starts inside an input shorter than the kernel
    assertLayer(
        single(List.of(4, 2, 2), "MaxPool2D", "kernelSize", 3, "stride", 2, "ceilMode", true),
        List.of(4, 1, 1),
        0);
    assertError(
        single(List.of(4, 2, 2), "MaxPool2D", "kernelSize", 3, "stride", 2),
        "inputs",
        "non-positive");
    // PyTorch's avg_pool3d refuses an input smaller than the kernel even when padding would fit
    assertError(
        single(List.of(1, 2, 4, 4), "AvgPool3D", "kernelSize", 3, "padding", 1),
        "inputs",
        "smaller than kernelSize");
    assertLayer(single(List.of(4, 10), "AvgPool1D", "kernelSize", 3), List.of(4, 3), 0);
    assertLayer(single(List.of(2, 6, 6, 6), "AvgPool3D", "kernelSize", 2), List.of(2, 3, 3, 3), 0);
    assertLayer(
        single(List.of(3, 10, 10), "AdaptiveAvgPool2D", "outputSize", List.of(7, 5)),
        List.of(3, 7, 5),
        0);
    assertLayer(
        single(List.of(3, 10, 10), "AdaptiveMaxPool2D", "outputSize", 20), List.of(3, 20, 20), 0);
    assertLayer(single(List.of(8, 4, 4), "GlobalAvgPool2D"), List.of(8), 0);
    assertError(
        single(List.of(1, 9, 9), "MaxPool2D", "kernelSize", 3, "padding", 2), "padding", "half");
    assertError(
        single(List.of(1, 9, 9), "AvgPool2D", "kernelSize", 3, "dilation", 2),
        "dilation",
        "unknown parameter");
  }

  @Test
  void normalisation() {
    assertLayer(single(List.of(16), "BatchNorm1D"), List.of(16), 32);
    assertLayer(single(List.of(16, 30), "BatchNorm1D"), List.of(16, 30), 32);
    assertError(single(List.of(16, 3, 3), "BatchNorm1D"), "inputs", "[C] or [C, L]");
    assertLayer(single(List.of(16, 3, 3), "BatchNorm2D", "affine", false), List.of(16, 3, 3), 0);
    assertLayer(
        single(List.of(10, 4, 8), "LayerNorm", "normalizedShape", List.of(4, 8)),
        List.of(10, 4, 8),
        64);
    assertLayer(single(List.of(10, 4, 8), "LayerNorm"), List.of(10, 4, 8), 16);
    assertError(
        single(List.of(10, 4, 8), "LayerNorm", "normalizedShape", 5),
        "normalizedShape",
        "trailing");
    assertLayer(single(List.of(12, 8, 8), "GroupNorm", "numGroups", 4), List.of(12, 8, 8), 24);
    assertError(single(List.of(12, 8, 8), "GroupNorm", "numGroups", 5), "numGroups", "divisible");
    assertLayer(single(List.of(12, 8, 8), "InstanceNorm2D"), List.of(12, 8, 8), 0);
    assertError(single(List.of(12, 1, 1), "InstanceNorm2D"), "inputs", "single spatial element");
    assertLayer(single(List.of(12, 8, 8), "InstanceNorm2D", "affine", true), List.of(12, 8, 8), 24);
    assertError(single(List.of(12), "Dropout", "p", 1.0), "p", "[0, 1)");
  }

  @Test
  void activations() {
    for (String type :
        List.of(
            "ReLU", "ReLU6", "GELU", "SiLU", "Sigmoid", "Tanh", "Hardswish", "LeakyReLU", "ELU")) {
      assertLayer(single(List.of(3, 7), type), List.of(3, 7), 0);
    }
    assertLayer(single(List.of(16, 8, 8), "PReLU", "numParameters", 16), List.of(16, 8, 8), 16);
    assertLayer(single(List.of(16, 8, 8), "PReLU"), List.of(16, 8, 8), 1);
    assertError(single(List.of(16, 8, 8), "PReLU", "numParameters", 7), "numParameters", "16");
    assertLayer(single(List.of(4, 5), "Softmax", "dim", -2), List.of(4, 5), 0);
    assertError(single(List.of(4, 5), "LogSoftmax", "dim", 2), "dim", "out of range");
    assertError(single(List.of(4, 5), "ReLU", "inplace", true), "inplace", "takes none");
  }

  @Test
  void structure() {
    assertLayer(single(List.of(3, 4, 5), "Flatten"), List.of(60), 0);
    assertLayer(single(List.of(3, 4, 5), "Flatten", "startDim", 1), List.of(3, 20), 0);
    assertError(
        single(List.of(3, 4, 5), "Flatten", "startDim", 2, "endDim", 1), "startDim", "after");
    assertLayer(single(List.of(4, 4, 4), "Reshape", "shape", List.of(-1, 8)), List.of(8, 8), 0);
    assertError(single(List.of(4, 4, 4), "Reshape", "shape", List.of(5, -1)), "shape", "64");
    assertError(
        single(List.of(4, 4, 4), "Reshape", "shape", List.of(-1, -1)), "shape", "at most one -1");
    assertLayer(single(List.of(3, 4, 5), "Permute", "dims", List.of(2, 0, 1)), List.of(5, 3, 4), 0);
    assertError(single(List.of(3, 4, 5), "Permute", "dims", List.of(0, 0, 1)), "dims", "twice");
    assertLayer(
        single(List.of(3, 10, 10), "ZeroPad2D", "padding", List.of(1, 2, 3, 4)),
        List.of(3, 17, 13),
        0);
    assertLayer(
        single(List.of(3, 8, 8), "Upsample", "scaleFactor", 2, "mode", "bilinear"),
        List.of(3, 16, 16),
        0);
    assertError(
        single(List.of(3, 8, 8), "Upsample", "scaleFactor", 2, "mode", "bicubic"),
        "mode",
        "nearest, bilinear");
  }

  @Test
  void mergingLayers() {
    GraphBuilder g = new GraphBuilder().input("a", 3, 4).input("b", 3, 6);
    g.output(g.node("cat", "Concat", List.of("a", "b"), "axis", -1));
    ValidationResult r = GraphValidator.validate(g.build());
    assertThat(r.errors()).isEmpty();
    assertThat(r.outputs().get(0).shape()).containsExactly(3, 10);

    GraphBuilder bad = new GraphBuilder().input("a", 3, 4).input("b", 3, 6);
    bad.output(bad.node("sum", "Add", List.of("a", "b")));
    assertThat(GraphValidator.validate(bad.build()).errors())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("[3, 4]").contains("[3, 6]"));
  }

  @Test
  void sequenceLayers() {
    GraphBuilder g = new GraphBuilder().tokens("tokens", 20);
    g.output(g.node("embed", "Embedding", "tokens", "numEmbeddings", 1000, "embeddingDim", 64));
    ValidationResult r = GraphValidator.validate(g.build());
    assertThat(r.errors()).isEmpty();
    assertThat(r.outputs().get(0).shape()).containsExactly(20, 64);
    assertThat(r.parameterCount()).isEqualTo(64000);

    assertError(
        single(List.of(20), "Embedding", "numEmbeddings", 10, "embeddingDim", 4),
        "inputs",
        "int64");
    assertLayer(single(List.of(10, 16), "GRU", "hiddenSize", 32), List.of(10, 32), 4800);
    assertLayer(
        single(List.of(5, 10), "RNN", "hiddenSize", 20, "numLayers", 2, "nonlinearity", "relu"),
        List.of(5, 20),
        1480);
    ValidationResult lstm =
        single(List.of(7, 128), "LSTM", "hiddenSize", 128, "numLayers", 2, "bidirectional", true);
    assertLayer(lstm, List.of(7, 256), 659456);
    assertThat(lstm.macs())
        .isEqualTo(2L * 7 * 4 * 128 * (128 + 128) + 2L * 7 * 4 * 128 * (256 + 128));
    assertLayer(
        single(List.of(5, 4), "LSTM", "hiddenSize", 10, "bias", false), List.of(5, 10), 560);
    assertLayer(single(List.of(10, 32), "SequencePool", "mode", "max"), List.of(32), 0);
  }

  @Test
  void attention() {
    ValidationResult self = single(List.of(10, 64), "MultiHeadAttention", "numHeads", 8);
    assertLayer(self, List.of(10, 64), 16640);
    assertThat(self.macs()).isEqualTo(176640);

    GraphBuilder g = new GraphBuilder().input("q", 5, 64).input("k", 7, 64).input("v", 7, 64);
    g.output(
        g.node(
            "layer", "MultiHeadAttention", List.of("q", "k", "v"), "numHeads", 4, "bias", false));
    ValidationResult cross = GraphValidator.validate(g.build());
    assertLayer(cross, List.of(5, 64), 4L * 64 * 64);
    assertThat(cross.macs()).isEqualTo(24L * 64 * 64 + 2L * 5 * 7 * 64);

    GraphBuilder two = new GraphBuilder().input("q", 5, 64).input("k", 7, 64);
    two.output(two.node("layer", "MultiHeadAttention", List.of("q", "k"), "numHeads", 4));
    assertError(GraphValidator.validate(two.build()), "inputs", "got 2");
    assertError(
        single(List.of(10, 64), "MultiHeadAttention", "numHeads", 5), "numHeads", "divisible");

    ValidationResult encoder =
        single(List.of(10, 256), "TransformerEncoderLayer", "numHeads", 8, "dimFeedforward", 1024);
    assertLayer(encoder, List.of(10, 256), 789760);
    assertThat(encoder.macs()).isEqualTo(7915520);
    assertLayer(
        single(List.of(100, 32), "PositionalEncoding", "kind", "learned", "maxLength", 128),
        List.of(100, 32),
        4096);
    assertLayer(
        single(List.of(100, 32), "PositionalEncoding", "maxLength", 128), List.of(100, 32), 0);
    assertError(
        single(List.of(200, 32), "PositionalEncoding", "maxLength", 128), "maxLength", "exceeds");
  }
}
