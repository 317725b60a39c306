package io.neuralforge.api.v1alpha1;

/** How many of the sweep's runs exist and how they stand. */
public class SweepRunCounts {
  /** Runs the sweep created. */
  public int created;

  /** Runs neither Succeeded nor Failed yet (Pending, Running or Suspended). */
  public int running;

  public int succeeded;

  public int failed;
}
