package io.neuralforge.operator.trainingsweep;

import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import java.util.Arrays;
import java.util.List;

/**
 * One run's objective by epoch, as its status.history recorded it: epochs are numbered from 1 and
 * consecutive; NaN stands for an epoch recorded without the objective (so the epoch still counts).
 * Immutable.
 */
public final class Curve {
  private final double[] values;

  private Curve(double[] values) {
    this.values = values;
  }

  /** The values of epochs 1, 2, ...; NaN where an epoch has no value. */
  public static Curve of(double... values) {
    return new Curve(values.clone());
  }

  /** The values of epochs 1, 2, ...; null or NaN where an epoch has no value. */
  public static Curve of(List<Double> values) {
    return new Curve(values.stream().mapToDouble(v -> v == null ? Double.NaN : v).toArray());
  }

  /** The last epoch recorded; 0 before the first. */
  public int latestEpoch() {
    return values.length;
  }

  public boolean reached(int epoch) {
    return epoch >= 1 && epoch <= values.length;
  }

  /** The value at {@code epoch} (from 1); NaN when that epoch recorded none. */
  public double at(int epoch) {
    if (!reached(epoch)) {
      throw new IndexOutOfBoundsException("epoch " + epoch + " of " + values.length);
    }
    return values[epoch - 1];
  }

  /** The curve as it stood at {@code epoch}: its first {@code epoch} values. */
  public Curve upTo(int epoch) {
    return new Curve(Arrays.copyOf(values, Math.min(Math.max(epoch, 0), values.length)));
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
    return o instanceof Curve other && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return Arrays.toString(values);
  }
}
