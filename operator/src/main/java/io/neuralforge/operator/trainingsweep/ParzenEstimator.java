package io.neuralforge.operator.trainingsweep;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Parzen estimator over a sweep's parameters, as the tree-structured Parzen estimator fits one to
 * its good runs (l) and one to the rest (g): a mixture of one kernel per observed run and a prior
 * kernel, each kernel a product over the parameters (so that a draw takes all its values from one
 * run's kernel, as Optuna's default sampler does since it became multivariate).
 *
 * <ul>
 *   <li>A run's weight: 1 for the newest 25, a ramp from 1/n up to 1 for older ones; the prior's
 *       weight is 1; all normalised to sum 1.
 *   <li>A range: a Gaussian truncated to the range (in the logarithm for a log range) centred on
 *       each observed value, its width the larger distance to a neighbouring value (or the range's
 *       end; the first and last value take the distance to their only neighbour instead), clipped
 *       to [(max − min) / min(100, n + 2), max − min]. The prior kernel sits in the middle with the
 *       range's whole width.
 *   <li>An integer range: the same over [min − ½, max + ½], each integer weighing the kernel's mass
 *       over [k − ½, k + ½] (normalised to the range): Optuna's int distribution with step 1.
 *   <li>A values list: each run's kernel puts 1 + 1/(n + 1) on its own value and 1/(n + 1) on every
 *       value, normalised; the prior is uniform.
 * </ul>
 *
 * Points are arrays, one coordinate a parameter: a value's index for a list, the number itself (not
 * its logarithm) for a range. Pure, apart from the generator a caller passes to draw.
 */
final class ParzenEstimator {
  /** The weight of the prior kernel beside runs weighing at most 1. */
  static final double PRIOR_WEIGHT = 1.0;

  /** Runs weighing 1 each; older ones weigh less. */
  static final int FLAT_WEIGHTS = 25;

  /** One parameter: a values list of {@code choices} values, or a numeric range. */
  record Dimension(int choices, double min, double max, boolean log, boolean integer) {
    static Dimension values(int choices) {
      return new Dimension(choices, 0, 0, false, false);
    }

    static Dimension range(double min, double max, boolean log, boolean integer) {
      return new Dimension(0, min, max, log, integer);
    }

    boolean categorical() {
      return choices > 0;
    }

    /** Where a number sits in the kernels' space: its logarithm on a log scale. */
    double toKernel(double x) {
      return log ? Math.log(x) : x;
    }

    /** The kernels' lower bound: half a step below an integer range's least value. */
    double kernelLow() {
      return toKernel(integer ? min - 0.5 : min);
    }

    double kernelHigh() {
      return toKernel(integer ? max + 0.5 : max);
    }
  }

  private final List<Dimension> dimensions;

  /** Each kernel's weight, the prior's last. */
  private final double[] weights;

  /** Per dimension: a range's kernels' centres, in the kernels' space (null for a list). */
  private final double[][] mus;

  private final double[][] sigmas;

  /** Per dimension: the log of each kernel's mass within the range (null for a list). */
  private final double[][] logNormalisers;

  /** Per dimension: a list's kernels' probabilities of each value (null for a range). */
  private final double[][][] probabilities;

  /**
   * @param observations one point per run, oldest first (the weights favour the newest)
   */
  ParzenEstimator(List<Dimension> dimensions, List<double[]> observations) {
    this.dimensions = dimensions;
    int n = observations.size();
    this.weights = Arrays.copyOf(weights(n), n + 1);
    weights[n] = PRIOR_WEIGHT;
    double total = Arrays.stream(weights).sum();
    for (int k = 0; k <= n; k++) {
      weights[k] /= total;
    }
    int d = dimensions.size();
    this.mus = new double[d][];
    this.sigmas = new double[d][];
    this.logNormalisers = new double[d][];
    this.probabilities = new double[d][][];
    for (int i = 0; i < d; i++) {
      Dimension dim = dimensions.get(i);
      double[] column = new double[n];
      for (int k = 0; k < n; k++) {
        column[k] = observations.get(k)[i];
      }
      if (dim.categorical()) {
        probabilities[i] = categoricalKernels(dim.choices(), column);
      } else {
        numericKernels(i, dim, column);
      }
    }
  }

  /**
   * The observed runs' weights, oldest first: 1 for each of the newest {@value #FLAT_WEIGHTS}, and
   * for the older ones an even ramp from 1/n towards 1.
   */
  static double[] weights(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0);
    int ramp = n - FLAT_WEIGHTS;
    for (int k = 0; k < ramp; k++) {
      w[k] = ramp == 1 ? 1.0 / n : 1.0 / n + k * (1.0 - 1.0 / n) / (ramp - 1);
    }
    return w;
  }

  private static double[][] categoricalKernels(int choices, double[] observed) {
    int kernels = observed.length + 1;
    double[][] p = new double[kernels][choices];
    if (observed.length == 0) {
      Arrays.fill(p[0], 1.0 / choices);
      return p;
    }
    for (int k = 0; k < kernels; k++) {
      Arrays.fill(p[k], PRIOR_WEIGHT / kernels);
      if (k < observed.length) {
        p[k][(int) observed[k]] += 1;
      }
      double sum = Arrays.stream(p[k]).sum();
      for (int c = 0; c < choices; c++) {
        p[k][c] /= sum;
      }
    }
    return p;
  }

  private void numericKernels(int i, Dimension dim, double[] observed) {
    double low = dim.kernelLow();
    double high = dim.kernelHigh();
    int n = observed.length;
    double[] mu = new double[n + 1];
    for (int k = 0; k < n; k++) {
      mu[k] = dim.toKernel(observed[k]);
    }
    double[] sigma = bandwidths(Arrays.copyOf(mu, n), low, high);
    double[] sigmaWithPrior = Arrays.copyOf(sigma, n + 1);
    mu[n] = 0.5 * (low + high);
    sigmaWithPrior[n] = high - low;
    double[] logMass = new double[n + 1];
    for (int k = 0; k <= n; k++) {
      logMass[k] =
          Gaussian.logMass((low - mu[k]) / sigmaWithPrior[k], (high - mu[k]) / sigmaWithPrior[k]);
    }
    mus[i] = mu;
    sigmas[i] = sigmaWithPrior;
    logNormalisers[i] = logMass;
  }

  /**
   * Each kernel's width: the larger gap to its neighbours among the sorted centres and the two
   * ends; the lowest and highest centre (given two or more) take the gap to their inner neighbour
   * only; then clipped to [(high − low) / min(100, n + 2), high − low] (the magic clip).
   */
  static double[] bandwidths(double[] centres, double low, double high) {
    int n = centres.length;
    Integer[] order = new Integer[n];
    for (int k = 0; k < n; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> Double.compare(centres[a], centres[b]));
    double[] s = new double[n + 2];
    s[0] = low;
    s[n + 1] = high;
    for (int k = 0; k < n; k++) {
      s[k + 1] = centres[order[k]];
    }
    double[] sorted = new double[n];
    for (int k = 0; k < n; k++) {
      sorted[k] = Math.max(s[k + 1] - s[k], s[k + 2] - s[k + 1]);
    }
    if (n >= 2) {
      sorted[0] = s[2] - s[1];
      sorted[n - 1] = s[n] - s[n - 1];
    }
    double max = high - low;
    double min = max / Math.min(100.0, n + 2.0);
    double[] sigma = new double[n];
    for (int k = 0; k < n; k++) {
      sigma[order[k]] = Math.max(min, Math.min(max, sorted[k]));
    }
    return sigma;
  }

  /** A point drawn from the mixture: a kernel by weight, then each coordinate from it. */
  double[] sample(SplittableRandom random) {
    int kernel = pick(weights, random.nextDouble());
    double[] x = new double[dimensions.size()];
    for (int i = 0; i < x.length; i++) {
      Dimension dim = dimensions.get(i);
      if (dim.categorical()) {
        x[i] = pick(probabilities[i][kernel], random.nextDouble());
        continue;
      }
      double mu = mus[i][kernel];
      double sigma = sigmas[i][kernel];
      double low = dim.kernelLow();
      double high = dim.kernelHigh();
      double z =
          Gaussian.truncatedQuantile(random.nextDouble(), (low - mu) / sigma, (high - mu) / sigma);
      double value = mu + sigma * z;
      value = dim.log() ? Math.exp(value) : value;
      x[i] = dim.integer() ? Math.max(dim.min(), Math.min(dim.max(), Math.rint(value))) : value;
    }
    return x;
  }

  /** The index where the cumulative probabilities first exceed {@code u}; the last at most. */
  private static int pick(double[] probabilities, double u) {
    double cumulative = 0;
    for (int k = 0; k < probabilities.length - 1; k++) {
      cumulative += probabilities[k];
      if (u < cumulative) {
        return k;
      }
    }
    return probabilities.length - 1;
  }

  /**
   * The log density of the mixture at {@code x}: for a range, the truncated Gaussian's density in
   * the kernels' space (an integer's the kernel's mass over its unit interval); for a list, the
   * kernel's probability of the value.
   */
  double logDensity(double[] x) {
    int kernels = weights.length;
    double[] terms = new double[kernels];
    for (int k = 0; k < kernels; k++) {
      terms[k] = Math.log(weights[k]);
    }
    for (int i = 0; i < x.length; i++) {
      Dimension dim = dimensions.get(i);
      if (dim.categorical()) {
        for (int k = 0; k < kernels; k++) {
          terms[k] += Math.log(probabilities[i][k][(int) x[i]]);
        }
        continue;
      }
      double low = dim.kernelLow();
      double high = dim.kernelHigh();
      for (int k = 0; k < kernels; k++) {
        double mu = mus[i][k];
        double sigma = sigmas[i][k];
        double density;
        if (dim.integer()) {
          double left = dim.toKernel(x[i] - 0.5);
          double right = dim.toKernel(x[i] + 0.5);
          density = Gaussian.logMass((left - mu) / sigma, (right - mu) / sigma);
        } else {
          double y = dim.toKernel(x[i]);
          density =
              y < low || y > high
                  ? Double.NEGATIVE_INFINITY
                  : Gaussian.logPdf((y - mu) / sigma) - Math.log(sigma);
        }
        terms[k] += density - logNormalisers[i][k];
      }
    }
    return logSumExp(terms);
  }

  private static double logSumExp(double[] terms) {
    double max = Double.NEGATIVE_INFINITY;
    for (double t : terms) {
      max = Math.max(max, t);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (double t : terms) {
      sum += Math.exp(t - max);
    }
    return max + Math.log(sum);
  }
}
