package io.neuralforge.trainer.model;

/**
 * The fixed sinusoidal positional encoding, as the trainer adds it and the exporter stores it: sin
 * at even, cos at odd features, wavelengths from 2 pi to 10000 * 2 pi (Vaswani et al.).
 */
public final class PositionalTables {
  private PositionalTables() {}

  /** Row-major {@code [length, width]}. */
  public static float[] sinusoid(int length, int width) {
    float[] table = new float[length * width];
    for (int t = 0; t < length; t++) {
      for (int i = 0; i < width; i++) {
        double angle = t / Math.pow(10000, (2 * (i / 2)) / (double) width);
        table[t * width + i] = (float) (i % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
      }
    }
    return table;
  }
}
