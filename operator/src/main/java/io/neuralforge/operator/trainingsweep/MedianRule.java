package io.neuralforge.operator.trainingsweep;

import static io.neuralforge.operator.trainingsweep.Verdict.compact;

import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import java.util.Arrays;
import java.util.List;

/**
 * The median stopping rule ({@code spec.earlyStopping.type: median}): at its latest epoch, a run
 * stops when its best value so far is worse than the median of the finished runs' values at that
 * same epoch. Pure and stateless: it decides from the curves alone.
 *
 * <p>It decides as Optuna 5.0's {@code MedianPruner(n_startup_trials=minFinishedRuns,
 * n_warmup_steps=minEpochs, interval_steps=1, n_min_trials=1)} does, an Optuna step being our epoch
 * and Optuna's COMPLETE trials our finished runs (those that trained to their last epoch: not
 * stopped early, not failed):
 *
 * <ul>
 *   <li>no finished run, fewer than {@code minFinishedRuns}, or an epoch before {@code minEpochs}:
 *       keep;
 *   <li>a run with no value at all so far (all NaN): stop;
 *   <li>no finished run with a value at this epoch (shorter runs, NaNs): keep;
 *   <li>otherwise stop when the best value is strictly worse than the median (ties keep the run),
 *       the median taken as numpy's nanpercentile with linear interpolation.
 * </ul>
 *
 * @param metric the objective's name, for the message
 * @param minEpochs no run is judged before this epoch
 * @param minFinishedRuns no run is judged before this many runs finished
 */
public record MedianRule(String metric, ObjectiveGoal goal, int minEpochs, int minFinishedRuns) {
  public MedianRule {
    if (minEpochs < 0 || minFinishedRuns < 0) {
      throw new IllegalArgumentException(
          "minEpochs and minFinishedRuns cannot be negative: "
              + minEpochs
              + ", "
              + minFinishedRuns);
    }
  }

  /** Judges {@code run} at its latest epoch against the curves of the finished runs. */
  public Verdict judge(Curve run, List<Curve> finishedRuns) {
    int epoch = run.latestEpoch();
    // No finished run at all keeps every run, even with minFinishedRuns 0 (as Optuna does).
    if (finishedRuns.isEmpty() || finishedRuns.size() < minFinishedRuns) {
      return keep(
          "median rule waits for "
              + Math.max(minFinishedRuns, 1)
              + " finished runs ("
              + finishedRuns.size()
              + " so far)");
    }
    if (epoch == 0) {
      return keep("no epoch recorded yet");
    }
    if (epoch < minEpochs) {
      return keep("median rule judges from epoch " + minEpochs + " (now " + epoch + ")");
    }
    double best = run.best(goal);
    if (Double.isNaN(best)) {
      return Verdict.stop(List.of(), metric + " has no value up to epoch " + epoch);
    }
    double[] atEpoch =
        finishedRuns.stream()
            .filter(c -> c.reached(epoch))
            .mapToDouble(c -> c.at(epoch))
            .filter(v -> !Double.isNaN(v))
            .sorted()
            .toArray();
    if (atEpoch.length == 0) {
      return keep("no finished run has a " + metric + " at epoch " + epoch);
    }
    double median = median(atEpoch);
    boolean worse = Curve.isBetter(goal, median, best);
    String numbers =
        String.format(
            "%s %s (best to epoch %d) %s the median %s of %d finished runs at epoch %d",
            metric,
            compact(best),
            epoch,
            (worse ? "" : "not ") + (goal == ObjectiveGoal.minimize ? "above" : "below"),
            compact(median),
            atEpoch.length,
            epoch);
    return worse ? Verdict.stop(List.of(), numbers) : keep(numbers);
  }

  private static Verdict keep(String message) {
    return Verdict.keep(List.of(), message);
  }

  /**
   * The median of sorted, NaN-free values, computed as numpy's linear percentile does (to the last
   * bit: a tie with the median must decide as Optuna decides): between the two middle values at
   * weight t, from the upper one when t is at least one half.
   */
  static double median(double[] sorted) {
    if (sorted.length == 0 || !isSorted(sorted)) {
      throw new IllegalArgumentException("the median of sorted values: " + Arrays.toString(sorted));
    }
    double position = (sorted.length - 1) * 0.5;
    int lower = (int) Math.floor(position);
    int upper = Math.min(lower + 1, sorted.length - 1);
    double t = position - lower;
    double a = sorted[lower];
    double b = sorted[upper];
    return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
  }

  private static boolean isSorted(double[] values) {
    for (int i = 1; i < values.length; i++) {
      if (values[i - 1] > values[i]) {
        return false;
      }
    }
    return true;
  }
}
