package io.neuralforge.operator.trainingsweep;

import static io.neuralforge.operator.trainingsweep.Verdict.compact;

import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import java.util.ArrayList;
import java.util.List;

/**
 * Asynchronous successive halving ({@code spec.earlyStopping.type: asha}): rung k ends at epoch
 * {@code minEpochs * reductionFactor^k}; a run that reaches the end of its next rung goes on only
 * if its value is in the top 1/reductionFactor of the values every run recorded at that rung. Pure:
 * the rung records are state, but the operator keeps them (on each run) and hands them in.
 *
 * <p>It decides as Optuna 5.0's {@code SuccessiveHalvingPruner(min_resource=minEpochs,
 * reduction_factor=reductionFactor, min_early_stopping_rate=0, bootstrap_count=0)} does, an Optuna
 * step being our epoch and a run's rung records its {@code completed_rung_k} system attributes:
 *
 * <ul>
 *   <li>the run is judged at its latest epoch, with its value at that epoch (not its best);
 *   <li>before the end of its next rung: keep (even with a NaN value);
 *   <li>past it with a NaN value: stop, recording nothing;
 *   <li>otherwise the value is recorded for that rung and competes with every other run's record at
 *       that rung (running, stopped or finished alike); with n competitors it must reach the (n /
 *       reductionFactor)-th best value (ties go on), or be the best when n &lt; reductionFactor.
 *       Stop if not; if so, the next rung is tried at once with the same value, so a run judged
 *       after a long gap may pass (and record) several rungs in one judgement.
 * </ul>
 *
 * @param metric the objective's name, for the message
 * @param minEpochs the end of rung 0: no run is judged before this epoch
 * @param reductionFactor 1 in reductionFactor runs goes on at each rung
 */
public record AshaRule(String metric, ObjectiveGoal goal, int minEpochs, int reductionFactor) {
  public AshaRule {
    if (minEpochs < 1 || reductionFactor < 2) {
      throw new IllegalArgumentException(
          "asha needs minEpochs >= 1 and reductionFactor >= 2: "
              + minEpochs
              + ", "
              + reductionFactor);
    }
  }

  /**
   * Judges {@code run} at its latest epoch.
   *
   * @param runRungs the values this run recorded, rung 0 first (empty before its first judgement)
   * @param otherRunsRungs every other run's records, whatever its state
   * @return the verdict, with this run's records (to persist) in {@link Verdict#rungs()}
   */
  public Verdict judge(Curve run, List<Double> runRungs, List<List<Double>> otherRunsRungs) {
    int epoch = run.latestEpoch();
    List<Double> rungs = new ArrayList<>(runRungs);
    if (epoch == 0) {
      return Verdict.keep(rungs, "no epoch recorded yet");
    }
    double value = run.at(epoch);
    String passed = null;
    while (epoch >= endOfRung(rungs.size())) {
      int rung = rungs.size();
      if (Double.isNaN(value)) {
        return Verdict.stop(rungs, metric + " has no value at epoch " + epoch);
      }
      rungs.add(value);
      List<Double> competing = new ArrayList<>();
      for (List<Double> other : otherRunsRungs) {
        if (other.size() > rung) {
          competing.add(other.get(rung));
        }
      }
      competing.add(value);
      double needed = needed(competing);
      String standing = standing(competing.size(), rung, needed);
      if (Curve.isBetter(goal, needed, value)) {
        return Verdict.stop(
            rungs,
            String.format("%s %s at epoch %d not %s", metric, compact(value), epoch, standing));
      }
      passed = String.format("%s %s at epoch %d %s", metric, compact(value), epoch, standing);
    }
    String next = "next judged at epoch " + endOfRung(rungs.size());
    return Verdict.keep(rungs, passed == null ? "asha " + next : passed + "; " + next);
  }

  /** The epoch at which rung {@code rung} ends: minEpochs * reductionFactor^rung (capped). */
  public long endOfRung(int rung) {
    long end = minEpochs;
    for (int i = 0; i < rung && end <= Integer.MAX_VALUE; i++) {
      end *= reductionFactor;
    }
    return end;
  }

  /**
   * The value a competitor must reach to go on: the (n / reductionFactor)-th best of the n values,
   * or the best when fewer than reductionFactor compete (a run is never paused to wait for more).
   */
  private double needed(List<Double> competing) {
    List<Double> ascending = competing.stream().sorted().toList();
    int place = Math.max(ascending.size() / reductionFactor - 1, 0);
    return goal == ObjectiveGoal.minimize
        ? ascending.get(place)
        : ascending.get(ascending.size() - 1 - place);
  }

  private String standing(int competitors, int rung, double needed) {
    if (competitors == 1) {
      return String.format("the first run at rung %d", rung);
    }
    String among =
        competitors < reductionFactor
            ? "the best of " + competitors
            : "in the top 1/" + reductionFactor + " of " + competitors;
    return String.format("%s runs at rung %d (needs %s)", among, rung, compact(needed));
  }
}
