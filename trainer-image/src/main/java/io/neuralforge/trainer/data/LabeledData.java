package io.neuralforge.trainer.data;

import io.neuralforge.graph.Shape;

/**
 * Samples held in memory: {@code features} is the samples of {@code sampleShape}, row-major, one
 * after another; {@code labels} holds, per sample, {@code labelShape} class indices: one (a scalar
 * label shape, classification) or one per pixel (a mask of shape [H, W], segmentation).
 */
public record LabeledData(
    Shape sampleShape, float[] features, Shape labelShape, int[] labels, int classes) {

  private static final Shape ONE_LABEL = Shape.of();

  public LabeledData {
    long samples = features.length / sampleShape.elements();
    if (features.length != samples * sampleShape.elements()
        || labels.length != samples * labelShape.elements()) {
      throw new IllegalArgumentException(
          features.length
              + " feature values and "
              + labels.length
              + " labels do not make whole samples of "
              + sampleShape
              + " labelled "
              + labelShape);
    }
  }

  /** Classification data: one class index per sample. */
  public LabeledData(Shape sampleShape, float[] features, int[] labels, int classes) {
    this(sampleShape, features, ONE_LABEL, labels, classes);
  }

  public int count() {
    return (int) (features.length / sampleShape.elements());
  }

  /** True when every pixel has a label (segmentation), false for one label per sample. */
  public boolean perPixel() {
    return labelShape.rank() > 0;
  }

  /** The samples at {@code indices}, in that order. */
  public LabeledData select(int[] indices) {
    int size = (int) sampleShape.elements();
    int labelSize = (int) labelShape.elements();
    float[] f = new float[indices.length * size];
    int[] l = new int[indices.length * labelSize];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(features, indices[i] * size, f, i * size, size);
      System.arraycopy(labels, indices[i] * labelSize, l, i * labelSize, labelSize);
    }
    return new LabeledData(sampleShape, f, labelShape, l, classes);
  }

  /** Feeds the samples and their labels, in order, to {@code digest}. */
  public void addTo(java.security.MessageDigest digest) {
    java.nio.ByteBuffer buffer =
        java.nio.ByteBuffer.allocate(1 << 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float f : features) {
      if (buffer.remaining() < Float.BYTES) {
        digest.update(buffer.flip());
        buffer.clear();
      }
      buffer.putFloat(f);
    }
    for (int label : labels) {
      if (buffer.remaining() < Integer.BYTES) {
        digest.update(buffer.flip());
        buffer.clear();
      }
      buffer.putInt(label);
    }
    digest.update(buffer.flip());
  }

  /** The same samples seen with another shape of as many elements. */
  public LabeledData withSampleShape(Shape shape) {
    return new LabeledData(shape, features, labelShape, labels, classes);
  }
}
