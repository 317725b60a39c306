package io.neuralforge.graph.layers;

import java.util.Set;

/**
 * One entry of the layer catalog.
 *
 * @param name the catalog name, case-sensitive, e.g. {@code Conv2D}
 * @param arity how many inputs it takes
 * @param paramKeys every key its params may carry; others are errors
 * @param acceptsTokenIds whether it may read int64 token ids (only Embedding)
 * @param inference computes shape, parameters and MACs, or throws {@link LayerException}
 */
public record LayerType(
    String name, Arity arity, Set<String> paramKeys, boolean acceptsTokenIds, Inference inference) {

  /** Shape and count inference of one layer type. */
  @FunctionalInterface
  public interface Inference {
    LayerOutput infer(LayerInput in);
  }
}
