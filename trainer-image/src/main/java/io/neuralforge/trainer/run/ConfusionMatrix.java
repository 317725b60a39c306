package io.neuralforge.trainer.run;

/**
 * How a classifier's predictions on a split fall: {@code count(actual, predicted)} samples of class
 * {@code actual} were predicted as {@code predicted}. Rows are the true classes, columns the
 * predictions; the diagonal holds the correct ones.
 */
public final class ConfusionMatrix {
  private final long[][] counts;

  /** An empty matrix for {@code classes} classes. */
  public ConfusionMatrix(int classes) {
    counts = new long[classes][classes];
  }

  /** A matrix with these counts (as {@link #counts()} gave them), copied. */
  public static ConfusionMatrix of(long[][] counts) {
    ConfusionMatrix m = new ConfusionMatrix(counts.length);
    for (int actual = 0; actual < counts.length; actual++) {
      if (counts[actual].length != counts.length) {
        throw new IllegalArgumentException(
            "row " + actual + " has " + counts[actual].length + " counts, not " + counts.length);
      }
      System.arraycopy(counts[actual], 0, m.counts[actual], 0, counts.length);
    }
    return m;
  }

  /** Counts one batch: sample {@code i} has the true class {@code actual[i]}. */
  public void add(int[] actual, long[] predicted) {
    if (actual.length != predicted.length) {
      throw new IllegalArgumentException(
          actual.length + " labels for " + predicted.length + " predictions");
    }
    for (int i = 0; i < actual.length; i++) {
      counts[actual[i]][(int) predicted[i]]++;
    }
  }

  public int classes() {
    return counts.length;
  }

  public long count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  /** The samples whose true class is {@code actual}. */
  public long actualTotal(int actual) {
    long sum = 0;
    for (long c : counts[actual]) {
      sum += c;
    }
    return sum;
  }

  public long total() {
    long sum = 0;
    for (int actual = 0; actual < counts.length; actual++) {
      sum += actualTotal(actual);
    }
    return sum;
  }

  /** The samples predicted as their true class: the diagonal. */
  public long correct() {
    long sum = 0;
    for (int c = 0; c < counts.length; c++) {
      sum += counts[c][c];
    }
    return sum;
  }

  /** A copy of the counts, row by true class (what {@link #of} takes back). */
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int actual = 0; actual < counts.length; actual++) {
      copy[actual] = counts[actual].clone();
    }
    return copy;
  }
}
