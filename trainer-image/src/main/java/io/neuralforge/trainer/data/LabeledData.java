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

  /** The samples at {@code indices}, in that order. */
  public LabeledData select(int[] indices) {
    int size = (int) sampleShape.elements();
    float[] f = new float[indices.length * size];
    int[] l = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(features, indices[i] * size, f, i * size, size);
      l[i] = labels[indices[i]];
    }
    return new LabeledData(sampleShape, f, l, classes);
  }

  /** The same samples seen with another shape of as many elements. */
  public LabeledData withSampleShape(Shape shape) {
    return new LabeledData(shape, features, labels, classes);
  }
}
