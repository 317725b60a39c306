package io.neuralforge.api.v1alpha1;

/** The rule that stops a sweep's hopeless runs. */
public enum EarlyStoppingType {
  /**
   * Stops a run whose best objective so far is worse than the median of the finished runs at the
   * same epoch (Optuna's MedianPruner).
   */
  median,
  /**
   * Asynchronous successive halving: at epochs minEpochs × reductionFactor^k a run goes on only in
   * the top 1/reductionFactor of the runs that reached that epoch (Optuna's
   * SuccessiveHalvingPruner).
   */
  asha
}
