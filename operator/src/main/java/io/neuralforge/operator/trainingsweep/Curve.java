package io.neuralforge.operator.trainingsweep;

import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.IntStream;

/**
 * One run's objective by epoch, as its status.history recorded it: epochs are numbered from 1, one
 * point each (a long run's history is thinned, so some epochs may be missing, as steps a trial
 * never reported); NaN stands for an epoch recorded without the objective (so the epoch still
 * counts). Its size is the points', whatever the epoch numbers say. Immutable.
 */
public final class Curve {
  private final int[] epochs;
  private final double[] values;

  private Curve(int[] epochs, double[] values) {
    this.epochs = epochs;
    this.values = values;
  }

  /** The values of epochs 1, 2, ...; NaN where an epoch has no value. */
  public static Curve of(double... values) {
    return new Curve(IntStream.rangeClosed(1, values.length).toArray(), values.clone());
  }

  /** The values of epochs 1, 2, ...; null or NaN where an epoch has no value. */
  public static Curve of(List<Double> values) {
    return of(values.stream().mapToDouble(v -> v == null ? Double.NaN : v).toArray());
  }

  /** The value of each recorded epoch (from 1); null or NaN where an epoch has no value. */
  public static Curve of(SortedMap<Integer, Double> points) {
    int[] epochs = new int[points.size()];
    double[] values = new double[points.size()];
    int i = 0;
    for (var p : points.entrySet()) {
      if (p.getKey() < 1) {
        throw new IllegalArgumentException("epoch " + p.getKey() + ": epochs count from 1");
      }
      epochs[i] = p.getKey();
      values[i++] = p.getValue() == null ? Double.NaN : p.getValue();
    }
    return new Curve(epochs, values);
  }

  /** The last epoch recorded; 0 before the first. */
  public int latestEpoch() {
    return epochs.length == 0 ? 0 : epochs[epochs.length - 1];
  }

  /** Whether the curve holds a point for {@code epoch}. */
  public boolean reached(int epoch) {
    return Arrays.binarySearch(epochs, epoch) >= 0;
  }

  /** The value at {@code epoch} (from 1); NaN when that epoch recorded none. */
  public double at(int epoch) {
    int i = Arrays.binarySearch(epochs, epoch);
    if (i < 0) {
      throw new IndexOutOfBoundsException("epoch " + epoch + " of " + Arrays.toString(epochs));
    }
    return values[i];
  }

  /** The curve as it stood at {@code epoch}: its points up to that epoch. */
  public Curve upTo(int epoch) {
    int i = Arrays.binarySearch(epochs, epoch);
    int n = i >= 0 ? i + 1 : -i - 1;
    return new Curve(Arrays.copyOf(epochs, n), Arrays.copyOf(values, n));
  }

  /** The best value over all epochs so far, NaNs skipped; NaN when there is none. */
  public double best(ObjectiveGoal goal) {
    double best = Double.NaN;
    for (double v : values) {
      if (!Double.isNaN(v) && (Double.isNaN(best) || isBetter(goal, v, best))) {
        best = v;
      }
    }
    return best;
  }

  static boolean isBetter(ObjectiveGoal goal, double a, double b) {
    return goal == ObjectiveGoal.minimize ? a < b : a > b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Curve other
        && Arrays.equals(epochs, other.epochs)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(epochs) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < epochs.length; i++) {
      text.append(i == 0 ? "" : ", ").append(epochs[i]).append(": ").append(values[i]);
    }
    return text.append(']').toString();
  }
}
