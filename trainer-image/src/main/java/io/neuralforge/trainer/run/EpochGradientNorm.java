package io.neuralforge.trainer.run;

/**
 * The gradient norm of an epoch: the mean L2 norm of the gradients at {@link #SAMPLES} evenly
 * spaced steps, the epoch's last step among them (every step when the epoch has fewer). Measuring
 * costs a pass over every parameter's gradient, so an epoch of many steps measures few of them; the
 * same steps every run, so the same seed gives the same history.
 */
final class EpochGradientNorm {
  static final int SAMPLES = 10;

  private final int steps;
  private final int every;
  private double sum;
  private int measured;

  /**
   * @param steps the epoch's steps
   */
  EpochGradientNorm(int steps) {
    this.steps = steps;
    this.every = Math.max(1, (steps + SAMPLES - 1) / SAMPLES);
  }

  /** Whether the epoch's step {@code step} (from 0) is one to measure. */
  boolean due(long step) {
    return (step + 1) % every == 0 || step + 1 == steps;
  }

  /** Records a measured norm (NaN, before the first backward pass, is left out). */
  void add(double norm) {
    if (Double.isFinite(norm)) {
      sum += norm;
      measured++;
    }
  }

  /** The mean of the measured norms; NaN when none was. */
  double mean() {
    return measured == 0 ? Double.NaN : sum / measured;
  }
}
