package io.neuralforge.trainer.data;

import io.neuralforge.graph.Shape;

/**
 * Samples held in memory: {@code features} is {@code count} samples of {@code sampleShape},
 * row-major, one after another; {@code labels} holds one class index per sample.
 */
public record LabeledData(Shape sampleShape, float[] features, int[] labels, int classes) {

  public LabeledData {
    long expected = (long) labels.length * sampleShape.elements();
    if (features.length != expected) {
      throw new IllegalArgumentException(
          features.length
              + " feature values do not make "
              + labels.length
              + " samples of "
              + sampleShape);
    }
  }

  public int count() {
    return labels.length;
  }
}
