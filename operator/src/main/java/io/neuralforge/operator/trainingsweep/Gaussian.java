package io.neuralforge.operator.trainingsweep;

/**
 * The standard normal distribution as the Parzen estimator needs it: its CDF Φ, log Φ without
 * underflow far in the tail, its inverse, and the log of the mass of an interval. Accurate to a few
 * units in the last place of a double over the range a search meets. Pure.
 */
final class Gaussian {
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
  private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
  private static final double SQRT2 = Math.sqrt(2);

  /** Where erfc turns from the series of erf to the continued fraction of the tail. */
  private static final double TAIL = 1.5;

  private Gaussian() {}

  /** log φ(x), the standard normal density. */
  static double logPdf(double x) {
    return -0.5 * x * x - LOG_SQRT_2PI;
  }

  /** Φ(x) = P(Z ≤ x). */
  static double cdf(double x) {
    return x < 0 ? 0.5 * erfc(-x / SQRT2) : 1 - 0.5 * erfc(x / SQRT2);
  }

  /** log Φ(x), finite however negative x is. */
  static double logCdf(double x) {
    double t = -x / SQRT2;
    if (t >= TAIL) {
      return Math.log(0.5) + logErfcTail(t);
    }
    return x < 0 ? Math.log(0.5 * erfc(t)) : Math.log1p(-0.5 * erfc(-t));
  }

  /**
   * The log of Φ(b) − Φ(a) for a ≤ b, the mass of [a, b]: computed on the side of 0 where the
   * difference keeps its digits; −∞ for an empty interval.
   */
  static double logMass(double a, double b) {
    if (!(a < b)) {
      return Double.NEGATIVE_INFINITY;
    }
    if (b <= 0) {
      return logDiff(logCdf(b), logCdf(a));
    }
    if (a > 0) {
      return logMass(-b, -a);
    }
    return Math.log1p(-cdf(a) - cdf(-b));
  }

  /** log(e^p − e^q) for q ≤ p. */
  private static double logDiff(double p, double q) {
    if (q == Double.NEGATIVE_INFINITY) {
      return p;
    }
    return p + Math.log1p(-Math.exp(q - p));
  }

  /**
   * x with Φ(x) = p, for 0 < p < 1. Newton's method on log Φ, which is concave: from the left of
   * the root it climbs to it monotonically, and a first step from anywhere lands left of it.
   */
  static double quantile(double p) {
    if (p > 0.5) {
      return -quantile(1 - p); // callers keep p ≤ 0.5 where 1 − p would lose digits
    }
    if (p <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double target = Math.log(p);
    double x =
        p < 0.02 ? -Math.sqrt(-2 * target - Math.log(-2 * target) - Math.log(2 * Math.PI)) : 0;
    for (int i = 0; i < 100; i++) {
      double logPhi = logCdf(x);
      double step = (logPhi - target) * Math.exp(logPhi - logPdf(x));
      x -= step;
      if (Math.abs(step) <= 1e-14 * Math.max(1, Math.abs(x))) {
        break;
      }
    }
    return x;
  }

  /**
   * A draw of the standard normal truncated to [a, b] (a ≤ 0 ≤ b in a Parzen estimator's kernels,
   * but any a < b works) from {@code u} uniform in [0, 1): by the inverse CDF, on the side of the
   * mass that keeps its digits.
   */
  static double truncatedQuantile(double u, double a, double b) {
    double left = cdf(a) + u * (cdf(b) - cdf(a));
    double x;
    if (left <= 0.5) {
      x = quantile(left);
    } else {
      double right = cdf(-b) + (1 - u) * (cdf(-a) - cdf(-b));
      x = -quantile(right);
    }
    return Math.max(a, Math.min(b, x));
  }

  /** erfc(t) = 1 − erf(t), for any t. */
  static double erfc(double t) {
    if (t < 0) {
      return 2 - erfc(-t);
    }
    if (t >= TAIL) {
      return Math.exp(logErfcTail(t));
    }
    return 1 - erfSeries(t);
  }

  /**
   * erf(t) for 0 ≤ t < 1.5 by the series 2/√π e^(−t²) Σ 2ⁿ t^(2n+1) / (1·3·…·(2n+1)): every term
   * positive, so no digits cancel.
   */
  private static double erfSeries(double t) {
    double term = t;
    double sum = t;
    for (int n = 1; n < 200; n++) {
      term *= 2 * t * t / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) {
        break;
      }
    }
    return 2 / Math.sqrt(Math.PI) * Math.exp(-t * t) * sum;
  }

  /**
   * log erfc(t) for t ≥ 1.5: −t² − log √π + log of the continued fraction 1/(t + (1/2)/(t + 1/(t +
   * (3/2)/(t + …)))), evaluated by the modified Lentz method.
   */
  private static double logErfcTail(double t) {
    double tiny = 1e-300;
    double f = t;
    double c = t;
    double d = 0;
    for (int n = 1; n < 500; n++) {
      double an = n / 2.0;
      d = t + an * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = t + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return -t * t - LOG_SQRT_PI - Math.log(f);
  }
}
