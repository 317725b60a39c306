package io.neuralforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.neuralforge.graph.layers.LayerCatalog;
import io.neuralforge.graph.layers.LayerFamily;
import io.neuralforge.graph.layers.Params;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PyTorch's initialisation (each {@code torch.nn} module's {@code reset_parameters}) for a node's
 * freshly initialised DJL parameters, drawn from the engine's seeded generator, so that a network
 * starts where the same network starts in PyTorch:
 *
 * <ul>
 *   <li>Linear, Conv1D/2D/3D, ConvTranspose2D: weight and bias uniform in ±1/√fan_in, fan_in the
 *       weight's second dimension times its kernel (kaiming_uniform with a = √5);
 *   <li>LSTM, GRU, RNN: every weight and bias uniform in ±1/√hiddenSize;
 *   <li>MultiHeadAttention (and the encoder layer's): query, key and value weights Xavier-uniform
 *       as one [3E, E] matrix, the output projection like a Linear, every bias zero; the encoder
 *       layer's feed-forward Linears as Linears;
 *   <li>Embedding: normal(0, 1) with the padding row zero.
 * </ul>
 *
 * What DJL already starts as PyTorch does is left as it is: norms' scale one and shift zero, PReLU
 * 0.25, the learned positional table normal(0, 0.02) (PyTorch has no such module; 0.02 is BERT's
 * and GPT-2's choice).
 */
final class PyTorchInit {
  private PyTorchInit() {}

  static void apply(String type, Params params, Block block) {
    Map<String, NDArray> p = named(block);
    if (p.isEmpty()) {
      return;
    }
    LayerFamily family = LayerCatalog.familyOf(type);
    if (family == LayerFamily.DENSE || family == LayerFamily.CONVOLUTION) {
      fanInUniform(p, "");
      return;
    }
    switch (type) {
      case "LSTM", "GRU", "RNN" -> {
        double bound = 1 / Math.sqrt(params.requiredInt("hiddenSize", 1));
        p.values().forEach(a -> uniform(a, bound));
      }
      case "MultiHeadAttention" -> attention(p, "");
      case "TransformerEncoderLayer" -> {
        attention(p, "attention_");
        fanInUniform(p, "linear1_");
        fanInUniform(p, "linear2_");
      }
      case "Embedding" -> {
        NDArray table = p.get("weight");
        normal(table, 1);
        if (params.has("paddingIdx")) {
          long rows = table.getShape().get(0);
          long row = Math.floorMod(params.anyInt("paddingIdx", 0), rows);
          table.set(new ai.djl.ndarray.index.NDIndex(row), 0f);
        }
      }
      default -> {
        // norms, PReLU, positional tables: DJL's start is PyTorch's
      }
    }
  }

  /** Weights and biases under {@code prefix}, each bias bounded by its weight's fan-in. */
  private static void fanInUniform(Map<String, NDArray> p, String prefix) {
    p.forEach(
        (name, weight) -> {
          if (name.startsWith(prefix) && name.endsWith("weight")) {
            double bound = 1 / Math.sqrt(fanIn(weight));
            uniform(weight, bound);
            NDArray bias = p.get(name.substring(0, name.length() - "weight".length()) + "bias");
            if (bias != null) {
              uniform(bias, bound);
            }
          }
        });
  }

  /** nn.MultiheadAttention._reset_parameters, on separate query, key and value projections. */
  private static void attention(Map<String, NDArray> p, String prefix) {
    long embedding = p.get(prefix + "query_weight").getShape().get(0);
    double packed = Math.sqrt(6.0 / (embedding + 3 * embedding));
    for (String projection : new String[] {"query", "key", "value"}) {
      uniform(p.get(prefix + projection + "_weight"), packed);
    }
    uniform(p.get(prefix + "output_weight"), 1 / Math.sqrt(embedding));
    for (String projection : new String[] {"query", "key", "value", "output"}) {
      NDArray bias = p.get(prefix + projection + "_bias");
      if (bias != null) {
        try (NDArray zeros = bias.zerosLike()) {
          zeros.copyTo(bias);
        }
      }
    }
  }

  /** A weight's inputs per output: its second dimension times its kernel's size. */
  private static long fanIn(NDArray weight) {
    long[] shape = weight.getShape().getShape();
    long fan = shape.length > 1 ? shape[1] : shape[0];
    for (int i = 2; i < shape.length; i++) {
      fan *= shape[i];
    }
    return fan;
  }

  private static void uniform(NDArray target, double bound) {
    NDManager manager = target.getManager();
    try (NDArray drawn =
        manager.randomUniform(
            (float) -bound, (float) bound, target.getShape(), target.getDataType())) {
      drawn.copyTo(target);
    }
  }

  private static void normal(NDArray target, double std) {
    NDManager manager = target.getManager();
    try (NDArray drawn =
        manager.randomNormal(0f, (float) std, target.getShape(), target.getDataType())) {
      drawn.copyTo(target);
    }
  }

  /**
   * The block's parameters by their names without DJL's child-index prefixes
   * ("attention_query_weight" for "01attention_01query_weight").
   */
  private static Map<String, NDArray> named(Block block) {
    Map<String, NDArray> named = new LinkedHashMap<>();
    for (var entry : block.getParameters()) {
      Parameter parameter = entry.getValue();
      if (parameter.isInitialized()) {
        named.put(entry.getKey().replaceAll("(^|_)\\d{2}", "$1"), parameter.getArray());
      }
    }
    return named;
  }
}
