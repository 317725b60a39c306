package io.neuralforge.graph.layers;

import io.neuralforge.graph.Shape;

/** What one layer produces for one sample: its output shape, parameters and MACs. */
public record LayerOutput(Shape shape, long parameters, long macs) {

  public static LayerOutput of(Shape shape) {
    return new LayerOutput(shape, 0, 0);
  }
}
