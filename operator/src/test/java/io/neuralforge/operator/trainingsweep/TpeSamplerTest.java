package io.neuralforge.operator.trainingsweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import io.neuralforge.api.v1alpha1.ParameterRange;
import io.neuralforge.api.v1alpha1.RangeScale;
import io.neuralforge.api.v1alpha1.SweepAlgorithm;
import io.neuralforge.api.v1alpha1.SweepParameter;
import io.neuralforge.api.v1alpha1.TrainingSweepSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TpeSamplerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LR = "hyperparameters.optimizer.learningRate";
  private static final String MOMENTUM = "hyperparameters.optimizer.momentum";
  private static final String BATCH = "hyperparameters.batchSize";
  private static final String ARCH = "architectureRef.name";

  private static final List<ParzenEstimator.Dimension> OPTUNA_SPACE =
      List.of(
          ParzenEstimator.Dimension.range(-5, 10, false, false),
          ParzenEstimator.Dimension.range(1e-5, 1, true, false),
          ParzenEstimator.Dimension.range(16, 512, true, true),
          ParzenEstimator.Dimension.values(3));
  private static final double[][] OPTUNA_POINTS = {
    {-5, 1e-5, 16, 0}, {0.3, 0.001, 100, 1}, {9.99, 0.9, 512, 2}, {4.2, 0.05, 300, 1}
  };

  static SweepParameter range(String path, double min, double max, RangeScale scale) {
    return new SweepParameter(path, null, new ParameterRange(min, max, scale));
  }

  // The standard normal.

  @Test
  void theGaussianCdfItsLogAndItsInverseHoldTheirDigitsInTheTails() {
    assertEquals(0.0013498980316300957, Gaussian.cdf(-3), 1e-18); // Python: erfc(3/√2)/2
    assertEquals(7.619853024160593e-24, Gaussian.cdf(-10), 1e-36);
    assertEquals(0.5, Gaussian.cdf(0));
    assertEquals(-804.6084420137538, Gaussian.logCdf(-40), 1e-9); // scipy's log_ndtr(-40)
    assertEquals(Math.log(0.5), Gaussian.logCdf(0), 1e-15);
    for (double z : new double[] {-37, -12, -3, -0.4, 0, 0.7, 2, 5}) {
      assertEquals(
          z, Gaussian.quantile(Gaussian.cdf(z)), 1e-9 * Math.max(1, Math.abs(z)), "z " + z);
    }
    // the mass of [a, b] on either side of 0 and across it
    assertEquals(Math.log(Gaussian.cdf(1) - Gaussian.cdf(-2)), Gaussian.logMass(-2, 1), 1e-14);
    assertEquals(
        Gaussian.logMass(-31, -30), Gaussian.logMass(30, 31), 1e-9, "symmetric far in the tail");
    assertTrue(Double.isFinite(Gaussian.logMass(30, 31)));
    assertEquals(Double.NEGATIVE_INFINITY, Gaussian.logMass(1, 1));
  }

  @Test
  void truncatedDrawsStayInTheirIntervalAndSpreadAsTheMassDoes() {
    SplittableRandom random = new SplittableRandom(5);
    int belowZero = 0;
    for (int i = 0; i < 20_000; i++) {
      double z = Gaussian.truncatedQuantile(random.nextDouble(), -1, 3);
      assertTrue(z >= -1 && z <= 3);
      belowZero += z < 0 ? 1 : 0;
    }
    double expected = (0.5 - Gaussian.cdf(-1)) / (Gaussian.cdf(3) - Gaussian.cdf(-1));
    assertEquals(expected, belowZero / 20_000.0, 0.01);
  }

  // The Parzen estimator.

  @Test
  void weightsAreFlatForTheNewest25AndRampUpForOlderRuns() {
    assertArrayEquals(new double[] {1, 1, 1}, ParzenEstimator.weights(3));
    double[] w = ParzenEstimator.weights(30); // Optuna's default_weights(30)
    assertArrayEquals(
        new double[] {0.03333333333333333, 0.275, 0.5166666666666667, 0.7583333333333333, 1.0},
        java.util.Arrays.copyOf(w, 5),
        1e-15);
    assertEquals(1.0, w[29]);
    assertEquals(1.0 / 26, ParzenEstimator.weights(26)[0]);
  }

  @Test
  void bandwidthsTakeTheWiderGapButTheOutermostKernelsTheirInnerOne() {
    // centres 2, 3, 7 in [0, 10]: gaps 2|1|4|3; the outermost take their inner gap (1 and 4), the
    // 1 then clipped to 10 / min(100, 3 + 2)
    assertArrayEquals(
        new double[] {4, 2, 4}, ParzenEstimator.bandwidths(new double[] {7, 2, 3}, 0, 10), 1e-15);
    // one centre: the wider gap to an end; clipped from below at 10 / min(100, n + 2)
    assertArrayEquals(new double[] {7}, ParzenEstimator.bandwidths(new double[] {3}, 0, 10));
    assertArrayEquals(
        new double[] {10 / 4.0, 10 / 4.0},
        ParzenEstimator.bandwidths(new double[] {5, 5}, 0, 10),
        1e-15);
  }

  @Test
  void densitiesAgreeWithOptunasParzenEstimator() {
    // Optuna 5.0's _ParzenEstimator (prior weight 1, magic clip, no endpoints, default weights) on
    // a float, a log float, a log int and a categorical parameter, with three runs observed
    List<double[]> three =
        List.of(
            new double[] {3.261968538618632, 0.7585375984921967, 500, 1},
            new double[] {5.622217339271572, 0.02301009329680104, 107, 2},
            new double[] {-0.6364289163058352, 0.3267161048252414, 293, 1});
    List<ParzenEstimator.Dimension> withDiscrete = new ArrayList<>(OPTUNA_SPACE);
    withDiscrete.add(3, ParzenEstimator.Dimension.range(1, 10, false, true));
    List<double[]> threeWithDiscrete = new ArrayList<>();
    double[] discrete = {3, 2, 4};
    for (int k = 0; k < 3; k++) {
      double[] x = three.get(k);
      threeWithDiscrete.add(new double[] {x[0], x[1], x[2], discrete[k], x[3]});
    }
    double[] pointsDiscrete = {1, 5, 10, 3};
    double[] expected = {
      -14.271801241277373, -14.62141937405291, -17.717731640311698, -12.848890488919947
    };
    double[] prior = {
      -12.885557435960967, -14.264254202444436, -16.351029858604903, -15.471903952782505
    };
    ParzenEstimator fitted = new ParzenEstimator(withDiscrete, threeWithDiscrete);
    ParzenEstimator priorOnly = new ParzenEstimator(withDiscrete, List.of());
    for (int p = 0; p < 4; p++) {
      double[] x = OPTUNA_POINTS[p];
      double[] point = {x[0], x[1], x[2], pointsDiscrete[p], x[3]};
      assertEquals(expected[p], fitted.logDensity(point), 1e-9, "point " + p);
      assertEquals(prior[p], priorOnly.logDensity(point), 1e-9, "prior, point " + p);
    }

    // 30 runs: the older five weigh less (weights 1/30 .. 1)
    List<double[]> thirty = new ArrayList<>();
    for (int k = 0; k < 30; k++) {
      double a = -5 + 15 * frac(k * 0.6180339887498949);
      double b = Math.exp(Math.log(1e-5) + frac(k * 0.41421356237309503) * Math.log(1e5));
      thirty.add(new double[] {a, b, 16 + (k * 37 % 497), k % 3});
    }
    ParzenEstimator many = new ParzenEstimator(OPTUNA_SPACE, thirty);
    double[] optuna = {
      -7.368968907357724, -15.353198677131184, -17.34058375190035, -13.57379936727061
    };
    for (int p = 0; p < 4; p++) {
      assertEquals(optuna[p], many.logDensity(OPTUNA_POINTS[p]), 1e-9, "30 runs, point " + p);
    }
  }

  private static double frac(double v) {
    return v - Math.floor(v);
  }

  @Test
  void drawsStayInTheSpaceAndIntegersAreIntegers() {
    List<double[]> observed =
        List.of(new double[] {9.5, 0.9, 500, 2}, new double[] {-4, 2e-5, 17, 0});
    ParzenEstimator estimator = new ParzenEstimator(OPTUNA_SPACE, observed);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 2000; i++) {
      double[] x = estimator.sample(random);
      assertTrue(x[0] >= -5 && x[0] <= 10, "float " + x[0]);
      assertTrue(x[1] >= 1e-5 && x[1] <= 1, "log float " + x[1]);
      assertTrue(x[2] >= 16 && x[2] <= 512 && x[2] == Math.rint(x[2]), "log int " + x[2]);
      assertTrue(x[3] == 0 || x[3] == 1 || x[3] == 2, "choice " + x[3]);
      assertTrue(Double.isFinite(estimator.logDensity(x)));
    }
  }

  // The sampler.

  private static final List<SweepParameter> SPACE =
      List.of(
          range(LR, 1e-5, 1, RangeScale.log),
          range(BATCH, 16, 512, RangeScale.log),
          range(MOMENTUM, 0, 1, RangeScale.linear),
          SweepPlanTest.values(ARCH, "lenet", "resnet", "mlp"));

  /** A bowl in the log learning rate and momentum; the architecture matters too. */
  private static double objective(Map<String, JsonNode> v) {
    double u = Math.log10(v.get(LR).asDouble()) + 3;
    double m = v.get(MOMENTUM).asDouble() - 0.9;
    double b = Math.log(v.get(BATCH).asDouble()) / Math.log(2) - 7;
    return u * u + 4 * m * m + 0.1 * b * b + (v.get(ARCH).asText().equals("resnet") ? 0 : 1);
  }

  private static List<TpeSampler.Run> history(TpeSampler sampler, int runs) {
    List<TpeSampler.Run> finished = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      Map<String, JsonNode> values = sampler.suggest(i, finished, List.of());
      finished.add(TpeSampler.Run.finished(i, values, objective(values)));
    }
    return finished;
  }

  @Test
  void theStartupRunsAreARandomSweepsDraws() {
    TrainingSweepSpec spec =
        SweepPlanTest.spec(SweepAlgorithm.random, 30, SPACE.toArray(SweepParameter[]::new));
    SweepPlan plan = SweepPlan.of(spec);
    TpeSampler sampler = new TpeSampler(SPACE, spec.seed, ObjectiveGoal.minimize, 4);
    List<TpeSampler.Run> finished = history(sampler, 6);
    for (int i = 0; i < 4; i++) {
      assertEquals(plan.assignment(i), finished.get(i).values(), "run " + i);
    }
    assertNotEquals(plan.assignment(4), finished.get(4).values(), "TPE from the fifth run");
    assertEquals(TpeSampler.DEFAULT_STARTUP_RUNS, 10);
  }

  @Test
  void suggestionsHaveARandomSweepsKindsOfValues() {
    TpeSampler sampler = new TpeSampler(SPACE, 11, ObjectiveGoal.minimize, 3);
    for (TpeSampler.Run run : history(sampler, 25)) {
      Map<String, JsonNode> v = run.values();
      assertEquals(List.of(LR, BATCH, MOMENTUM, ARCH), List.copyOf(v.keySet()));
      assertTrue(v.get(LR).isDouble() && v.get(LR).asDouble() >= 1e-5 && v.get(LR).asDouble() <= 1);
      assertTrue(new BigDecimal(v.get(LR).asText()).precision() <= 5, "5 digits: " + v.get(LR));
      assertTrue(v.get(BATCH).isLong(), "an integer field: " + v.get(BATCH));
      assertTrue(v.get(BATCH).asLong() >= 16 && v.get(BATCH).asLong() <= 512);
      assertTrue(SPACE.get(3).values.contains(v.get(ARCH)));
    }
  }

  @Test
  void theSameRunsGiveTheSameSuggestionInWhateverOrderTheyAreListed() {
    TpeSampler sampler = new TpeSampler(SPACE, 21, ObjectiveGoal.minimize);
    List<TpeSampler.Run> finished = history(sampler, 20);
    List<TpeSampler.Run> pending =
        List.of(TpeSampler.Run.pending(20, sampler.suggest(20, finished, List.of())));
    Map<String, JsonNode> first = sampler.suggest(21, finished, pending);
    List<TpeSampler.Run> shuffled = new ArrayList<>(finished);
    Collections.shuffle(shuffled, new java.util.Random(4));
    TpeSampler restarted = new TpeSampler(SPACE, 21, ObjectiveGoal.minimize);
    assertEquals(first, restarted.suggest(21, shuffled, pending));
    assertNotEquals(
        first, new TpeSampler(SPACE, 22, ObjectiveGoal.minimize).suggest(21, finished, pending));
  }

  @Test
  void runsStartedSideBySideGetDistinctSuggestions() {
    TpeSampler sampler = new TpeSampler(SPACE, 5, ObjectiveGoal.minimize);
    List<TpeSampler.Run> finished = history(sampler, 15);
    List<TpeSampler.Run> pending = new ArrayList<>();
    Set<Map<String, JsonNode>> seen = new HashSet<>();
    finished.forEach(r -> seen.add(r.values()));
    for (int i = 15; i < 23; i++) {
      Map<String, JsonNode> values = sampler.suggest(i, finished, pending);
      assertTrue(seen.add(values), "run " + i + " repeats " + values);
      pending.add(TpeSampler.Run.pending(i, values));
    }
  }

  @Test
  void aSmallListAvoidsTakenCombinationsAndRepeatsOnlyWhenAllAreTaken() {
    List<SweepParameter> small =
        List.of(SweepPlanTest.values(ARCH, "a", "b"), SweepPlanTest.values(BATCH, 32, 64));
    TpeSampler sampler = new TpeSampler(small, 9, ObjectiveGoal.maximize, 0);
    List<TpeSampler.Run> finished = new ArrayList<>();
    List<TpeSampler.Run> pending = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      Map<String, JsonNode> v = sampler.suggest(i, finished, pending);
      assertTrue(seen.add(v.toString()), "combination " + i + " new: " + v);
      (i % 2 == 0 ? finished : pending)
          .add(
              i % 2 == 0
                  ? TpeSampler.Run.finished(i, v, (double) i)
                  : TpeSampler.Run.pending(i, v));
    }
    Map<String, JsonNode> fifth = sampler.suggest(4, finished, pending);
    assertTrue(seen.contains(fifth.toString()), "all four taken: a repeat, not a failure");
  }

  @Test
  void failedRunsInformNoEstimatorButAreNotTriedAgain() {
    List<SweepParameter> small = List.of(SweepPlanTest.values(ARCH, "a", "b", "c"));
    TpeSampler sampler = new TpeSampler(small, 2, ObjectiveGoal.minimize, 0);
    List<TpeSampler.Run> finished =
        List.of(
            TpeSampler.Run.finished(0, Map.of(ARCH, JSON.valueToTree("a")), null),
            TpeSampler.Run.finished(1, Map.of(ARCH, JSON.valueToTree("b")), Double.NaN));
    assertEquals("c", sampler.suggest(2, finished, List.of()).get(ARCH).asText());
  }

  @Test
  void theSearchNarrowsOnTheGoodRegionForEitherGoal() {
    for (ObjectiveGoal goal : ObjectiveGoal.values()) {
      double sign = goal == ObjectiveGoal.minimize ? 1 : -1;
      List<SweepParameter> one = List.of(range(MOMENTUM, 0, 1, RangeScale.linear));
      TpeSampler sampler = new TpeSampler(one, 17, goal);
      List<TpeSampler.Run> finished = new ArrayList<>();
      int near = 0;
      for (int i = 0; i < 40; i++) {
        Map<String, JsonNode> v = sampler.suggest(i, finished, List.of());
        double x = v.get(MOMENTUM).asDouble();
        finished.add(TpeSampler.Run.finished(i, v, sign * (x - 0.8) * (x - 0.8)));
        near += i >= 20 && Math.abs(x - 0.8) < 0.1 ? 1 : 0;
      }
      assertTrue(near >= 10, goal + ": " + near + " of the last 20 runs within 0.1 of the best");
    }
  }

  @Test
  void gammaIsATenthOfTheRunsRoundedUpAtMost25() {
    assertEquals(0, TpeSampler.gamma(0));
    assertEquals(1, TpeSampler.gamma(1));
    assertEquals(1, TpeSampler.gamma(10));
    assertEquals(2, TpeSampler.gamma(11));
    assertEquals(25, TpeSampler.gamma(1000));
  }
}
