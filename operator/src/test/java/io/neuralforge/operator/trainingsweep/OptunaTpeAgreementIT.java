package io.neuralforge.operator.trainingsweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import io.neuralforge.api.v1alpha1.ParameterRange;
import io.neuralforge.api.v1alpha1.RangeScale;
import io.neuralforge.api.v1alpha1.SweepParameter;
import io.neuralforge.testsupport.HackPython;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Optuna judges the TPE sampler: on Branin, Hartmann-6 and a learning-rate bowl with an integer
 * batch size (all minimised), seeds of {@value #TRIALS} trials run one at a time, Optuna 5.0's
 * TPESampler and RandomSampler (hack/py/optuna_tpe.py, in the optuna virtualenv of
 * hack/python-env.sh) against ours. Per function, the median best value of ours must beat random
 * search's, and close at least 90% of the gap Optuna's TPE closes over random search. Needs no
 * cluster.
 *
 * <p>100 seeds a function ({@code -Dneuralforge.tpeSeeds=N} to change): the median of 20 seeds'
 * best values is too noisy for a margin of a tenth of the gap. On Branin, the medians of Optuna's
 * own TPE over ten blocks of 20 seeds range from 0.47 to 0.73 (a tenth of the gap is 0.06), and a
 * block of Optuna's seeds measured against the next block fails the margin about one time in three;
 * with 100 seeds, about one in a hundred. Over 200 seeds the two samplers' medians agree (Branin
 * 0.576 ours, 0.580 Optuna's; Hartmann-6 −2.917 and −2.909; the bowl 0.0088 and 0.0076).
 */
class OptunaTpeAgreementIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TRIALS = 50;
  private static final int SEEDS = Integer.getInteger("neuralforge.tpeSeeds", 100);

  private static final String[] NUMBERS = {
    "hyperparameters.optimizer.learningRate",
    "hyperparameters.optimizer.momentum",
    "hyperparameters.optimizer.weightDecay",
    "hyperparameters.gradientClip",
    "hyperparameters.scheduler.gamma",
    "dataset.validationFraction"
  };
  private static final String BATCH = "hyperparameters.batchSize";

  /** A function as a sweep varies it: its parameters, and its value at their numbers in order. */
  record Function(String name, List<SweepParameter> parameters, ToDoubleFunction<double[]> f) {}

  static final List<Function> FUNCTIONS =
      List.of(
          new Function(
              "branin",
              List.of(range(NUMBERS[0], -5, 10, false), range(NUMBERS[1], 0, 15, false)),
              OptunaTpeAgreementIT::branin),
          new Function(
              "hartmann6",
              Arrays.stream(NUMBERS).map(p -> range(p, 0, 1, false)).toList(),
              OptunaTpeAgreementIT::hartmann6),
          new Function(
              "lr-bowl",
              List.of(range(NUMBERS[0], 1e-5, 1, true), range(BATCH, 16, 512, true)),
              OptunaTpeAgreementIT::lrBowl));

  @Test
  void tpeClosesTheGapOptunasTpeClosesOverRandomSearch() throws Exception {
    Map<String, Map<String, List<Double>>> optuna = optuna();
    List<String> shortfalls = new ArrayList<>();
    StringBuilder table =
        new StringBuilder(
            String.format(
                "median best of %d seeds, %d trials each (minimised)%n%-10s %12s %12s %12s %12s%n",
                SEEDS, TRIALS, "function", "ours", "optuna-tpe", "optuna-indep", "random"));
    for (Function function : FUNCTIONS) {
      List<Double> ours = new ArrayList<>();
      for (int seed = 0; seed < SEEDS; seed++) {
        ours.add(bestOf(function, seed));
      }
      double our = median(ours);
      double tpe = median(optuna.get(function.name()).get("tpe"));
      double independent = median(optuna.get(function.name()).get("tpe-independent"));
      double random = median(optuna.get(function.name()).get("random"));
      table.append(
          String.format(
              "%-10s %12.5f %12.5f %12.5f %12.5f%n",
              function.name(), our, tpe, independent, random));
      if (!(our < random && our <= tpe + 0.10 * (random - tpe))) {
        shortfalls.add(
            String.format(
                "%s: ours %.5f, Optuna's TPE %.5f, random %.5f (at most %.5f wanted)",
                function.name(), our, tpe, random, tpe + 0.10 * (random - tpe)));
      }
    }
    System.out.print(table);
    assertThat(shortfalls).as("functions where our TPE falls short of Optuna's").isEmpty();
  }

  /** The best value one seed of our sampler reaches, runs suggested one at a time. */
  static double bestOf(Function function, long seed) {
    TpeSampler sampler = new TpeSampler(function.parameters(), seed, ObjectiveGoal.minimize);
    List<TpeSampler.Run> finished = new ArrayList<>();
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < TRIALS; i++) {
      Map<String, JsonNode> values = sampler.suggest(i, finished, List.of());
      double y = function.f().applyAsDouble(numbers(function, values));
      finished.add(TpeSampler.Run.finished(i, values, y));
      best = Math.min(best, y);
    }
    return best;
  }

  static double[] numbers(Function function, Map<String, JsonNode> values) {
    return function.parameters().stream().mapToDouble(p -> values.get(p.path).asDouble()).toArray();
  }

  /** Optuna's best values: function, then sampler, then one per seed. */
  private static Map<String, Map<String, List<Double>>> optuna() throws Exception {
    Path work = Files.createTempDirectory("optuna-tpe");
    String python = HackPython.python(work.resolve("env.log"), "optuna");
    String out =
        HackPython.run(
            work.resolve("optuna.log"),
            python,
            "hack/py/optuna_tpe.py",
            Integer.toString(TRIALS),
            Integer.toString(SEEDS));
    Map<String, Map<String, List<Double>>> best = new HashMap<>();
    for (String line : out.strip().split("\n")) {
      JsonNode result = JSON.readTree(line);
      List<Double> values = new ArrayList<>();
      result.get("best").forEach(v -> values.add(v.asDouble()));
      best.computeIfAbsent(result.get("function").asText(), f -> new HashMap<>())
          .put(result.get("sampler").asText(), values);
    }
    assertThat(best).as("Optuna's results").containsKeys("branin", "hartmann6", "lr-bowl");
    return best;
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }

  static SweepParameter range(String path, double min, double max, boolean log) {
    return new SweepParameter(
        path, null, new ParameterRange(min, max, log ? RangeScale.log : RangeScale.linear));
  }

  /** Branin-Hoo on [-5, 10] × [0, 15]; its minimum 0.397887. */
  static double branin(double[] x) {
    double b = 5.1 / (4 * Math.PI * Math.PI);
    double c = 5 / Math.PI;
    double t = 1 / (8 * Math.PI);
    double q = x[1] - b * x[0] * x[0] + c * x[0] - 6;
    return q * q + 10 * (1 - t) * Math.cos(x[0]) + 10;
  }

  private static final double[] HARTMANN_ALPHA = {1.0, 1.2, 3.0, 3.2};
  private static final double[][] HARTMANN_A = {
    {10, 3, 17, 3.5, 1.7, 8},
    {0.05, 10, 17, 0.1, 8, 14},
    {3, 3.5, 1.7, 10, 17, 8},
    {17, 8, 0.05, 10, 0.1, 14}
  };
  private static final double[][] HARTMANN_P = {
    {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
    {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
    {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
    {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}
  };

  /** Hartmann-6 on [0, 1]^6; its minimum −3.32237. */
  static double hartmann6(double[] x) {
    double total = 0;
    for (int i = 0; i < 4; i++) {
      double exponent = 0;
      for (int j = 0; j < 6; j++) {
        exponent += HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j]) * (x[j] - HARTMANN_P[i][j]);
      }
      total += HARTMANN_ALPHA[i] * Math.exp(-exponent);
    }
    return -total;
  }

  /** A learning rate and a batch size, both on log scales: a tilted bowl, least at (5e-4, 90). */
  static double lrBowl(double[] x) {
    double u = Math.log10(x[0]) + 3.3;
    double v = Math.log(x[1]) / Math.log(2) - 6.5;
    return u * u + v * v + 0.5 * u * v;
  }
}
