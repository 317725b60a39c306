package io.neuralforge.api.v1alpha1;

/** How a sweep chooses each run's parameters. */
public enum SweepAlgorithm {
  /** Every combination of the values lists, the first parameter varying slowest. */
  grid,
  /**
   * Values drawn at random (lists uniformly, ranges on their scale), seeded by the sweep's seed.
   */
  random,
  /**
   * Bayesian search (a tree-structured Parzen estimator, seeded): after 10 random runs, each run's
   * values are where the finished runs suggest the best objective, derived only from what the runs
   * recorded.
   */
  tpe
}
