package io.neuralforge.api.v1alpha1;

/** How values are spread over a range. */
public enum RangeScale {
  /** Uniform between min and max. */
  linear,
  /** Uniform in the logarithm: as many values between 1e-4 and 1e-3 as between 1e-3 and 1e-2. */
  log
}
