package io.neuralforge.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.trainer.gpu.PyTorchEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A fresh model's parameters have the distributions PyTorch's modules give theirs: uniform in
 * ±1/√fan_in (Linear, convolutions), ±1/√hidden (recurrent), Xavier over the packed [3E, E]
 * attention projection with zero biases, normal(0, 1) embeddings with a zero padding row. Checked
 * by range, and by mean and standard deviation (a uniform's is bound/√3) where there are thousands
 * of draws.
 */
class PyTorchInitTest {
  private static final NDManager MANAGER = PyTorchEngine.get().newBaseManager();

  private static Map<String, NDArray> initialised(String type, List<Integer> input, Object... kv) {
    Engine.getInstance().setRandomSeed(7);
    Map<String, Object> params = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      params.put((String) kv[i], kv[i + 1]);
    }
    boolean tokens = type.equals("Embedding");
    GraphSpec spec =
        new GraphSpec(
            null,
            List.of(new GraphSpec.Input("x", input, tokens ? "int64" : null)),
            List.of(new GraphSpec.Node("layer", type, List.of("x"), params)),
            List.of("layer"));
    ValidationResult validated = GraphValidator.validate(spec);
    assertThat(validated.errors()).isEmpty();
    GraphModel model = new GraphModel(spec, validated);
    model.initialize(
        MANAGER, DataType.FLOAT32, BatchShapes.batched(2, io.neuralforge.graph.Shape.of(input)));
    model.initializeLikePyTorch();
    Map<String, NDArray> named = new java.util.LinkedHashMap<>();
    model
        .parametersOf("layer")
        .forEach((name, array) -> named.put(name.replaceAll("(^|_)\\d{2}", "$1"), array));
    return named;
  }

  private static void assertUniform(NDArray a, double bound) {
    float[] v = a.toFloatArray();
    double mean = 0;
    double max = 0;
    for (float x : v) {
      mean += x;
      max = Math.max(max, Math.abs(x));
    }
    mean /= v.length;
    double var = 0;
    for (float x : v) {
      var += (x - mean) * (x - mean);
    }
    double std = Math.sqrt(var / v.length);
    if (v.length < 2000) { // too few draws for the moments: the range says enough
      assertThat(max).as("max |x|, bound %s", bound).isLessThanOrEqualTo(bound);
      return;
    }
    assertThat(max)
        .as("max |x|, bound %s", bound)
        .isLessThanOrEqualTo(bound)
        .isGreaterThan(0.97 * bound);
    assertThat(std)
        .as("std of U(±%s)", bound)
        .isCloseTo(bound / Math.sqrt(3), within(0.04 * bound));
    assertThat(mean).isCloseTo(0, within(0.05 * bound));
  }

  @Test
  void linearAndConvolutionsDrawWithinOneOverRootFanIn() {
    Map<String, NDArray> linear = initialised("Linear", List.of(400), "outFeatures", 300);
    assertUniform(linear.get("weight"), 1 / Math.sqrt(400));
    assertUniform(linear.get("bias"), 1 / Math.sqrt(400));

    Map<String, NDArray> conv =
        initialised("Conv2D", List.of(16, 8, 8), "outChannels", 64, "kernelSize", 3, "groups", 2);
    double convBound = 1 / Math.sqrt(8 * 3 * 3); // in/groups x kernel
    conv.forEach((name, a) -> assertUniform(a, convBound));

    Map<String, NDArray> transposed =
        initialised("ConvTranspose2D", List.of(32, 4, 4), "outChannels", 48, "kernelSize", 4);
    double transposedBound = 1 / Math.sqrt(48 * 4 * 4); // PyTorch reads fan_in from dim 1
    transposed.forEach((name, a) -> assertUniform(a, transposedBound));
  }

  @Test
  void recurrentLayersDrawWithinOneOverRootHidden() {
    Map<String, NDArray> lstm =
        initialised(
            "LSTM", List.of(5, 40), "hiddenSize", 64, "numLayers", 2, "bidirectional", true);
    assertThat(lstm).hasSizeGreaterThanOrEqualTo(16); // 2 layers x 2 directions x 4 arrays
    NDArray weights =
        flatConcat(
            lstm.entrySet().stream()
                .filter(e -> e.getKey().contains("WEIGHT"))
                .map(Map.Entry::getValue)
                .toList());
    assertUniform(weights, 1 / Math.sqrt(64));
    lstm.values()
        .forEach(
            a ->
                assertThat(a.abs().max().getFloat())
                    .isLessThanOrEqualTo((float) (1 / Math.sqrt(64))));
  }

  @Test
  void attentionIsXavierOverThePackedProjectionWithZeroBiases() {
    Map<String, NDArray> attention =
        initialised("MultiHeadAttention", List.of(6, 64), "numHeads", 4);
    NDArray packed =
        flatConcat(
            List.of(
                attention.get("query_weight"),
                attention.get("key_weight"),
                attention.get("value_weight")));
    assertUniform(packed, Math.sqrt(6.0 / (64 + 3 * 64)));
    assertUniform(attention.get("output_weight"), 1 / Math.sqrt(64));
    for (String bias : List.of("query_bias", "key_bias", "value_bias", "output_bias")) {
      assertThat(attention.get(bias).abs().max().getFloat()).as(bias).isZero();
    }
  }

  @Test
  void embeddingsAreStandardNormalWithAZeroPaddingRow() {
    Map<String, NDArray> embedding =
        initialised(
            "Embedding", List.of(6), "numEmbeddings", 5000, "embeddingDim", 16, "paddingIdx", 0);
    NDArray table = embedding.get("weight");
    assertThat(table.get(0).abs().max().getFloat()).isZero();
    float[] rest = table.get("1:").toFloatArray();
    double mean = 0;
    for (float x : rest) {
      mean += x;
    }
    mean /= rest.length;
    double var = 0;
    for (float x : rest) {
      var += (x - mean) * (x - mean);
    }
    assertThat(mean).isCloseTo(0, within(0.02));
    assertThat(Math.sqrt(var / rest.length)).isCloseTo(1, within(0.02));
  }

  @Test
  void theSameSeedDrawsTheSameNetwork() {
    float[] first =
        initialised("Linear", List.of(50), "outFeatures", 20).get("weight").toFloatArray();
    float[] second =
        initialised("Linear", List.of(50), "outFeatures", 20).get("weight").toFloatArray();
    assertThat(second).containsExactly(first);
  }

  private static NDArray flatConcat(List<NDArray> arrays) {
    return ai.djl.ndarray.NDArrays.concat(
        new ai.djl.ndarray.NDList(arrays.stream().map(NDArray::flatten).toList()));
  }

  @AfterAll
  static void close() {
    MANAGER.close();
  }
}
