package io.neuralforge.api.v1alpha1;

/** How many of the sweep's runs exist and how they stand. */
public class SweepRunCounts {
  /** Runs the sweep created. */
  public int created;

  /** Runs neither Succeeded nor Failed yet (Pending, Running or Suspended). */
  public int running;

  /** Runs that trained to their end. */
  public int succeeded;

  public int failed;

  /** Runs the sweep's early-stopping rule stopped (Succeeded, reason EarlyStopped). */
  public int stopped;
}
