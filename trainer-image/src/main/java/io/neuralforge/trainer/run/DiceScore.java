package io.neuralforge.trainer.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The Dice coefficient of a segmentation, 2|P∩G| / (|P| + |G|) per class over every pixel seen,
 * averaged over the classes that occur in the prediction or the ground truth.
 */
final class DiceScore {
  private final long[] overlap;
  private final long[] predicted;
  private final long[] actual;

  DiceScore(int classes) {
    overlap = new long[classes];
    predicted = new long[classes];
    actual = new long[classes];
  }

  /**
   * @param logits [N, C, H, W]
   * @param labels [N, H, W] class indices (or any number of spatial axes)
   */
  void add(NDArray logits, NDArray labels) {
    int classes = overlap.length;
    NDArray p = logits.argMax(1).oneHot(classes).toType(DataType.INT64, false);
    NDArray g = labels.toType(DataType.INT64, false).oneHot(classes).toType(DataType.INT64, false);
    int[] allButClass =
        java.util.stream.IntStream.range(0, labels.getShape().dimension()).toArray();
    long[] both = p.mul(g).sum(allButClass).toLongArray();
    long[] pSum = p.sum(allButClass).toLongArray();
    long[] gSum = g.sum(allButClass).toLongArray();
    for (int c = 0; c < classes; c++) {
      overlap[c] += both[c];
      predicted[c] += pSum[c];
      actual[c] += gSum[c];
    }
  }

  double value() {
    double sum = 0;
    int present = 0;
    for (int c = 0; c < overlap.length; c++) {
      if (predicted[c] + actual[c] > 0) {
        sum += 2.0 * overlap[c] / (predicted[c] + actual[c]);
        present++;
      }
    }
    return present == 0 ? Double.NaN : sum / present;
  }
}
