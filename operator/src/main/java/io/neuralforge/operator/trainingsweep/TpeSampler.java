package io.neuralforge.operator.trainingsweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import io.neuralforge.api.v1alpha1.ParameterRange;
import io.neuralforge.api.v1alpha1.RangeScale;
import io.neuralforge.api.v1alpha1.SweepParameter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A tree-structured Parzen estimator (Bergstra et al. 2011; Watanabe 2023) suggesting a sweep's
 * runs, after Optuna's TPESampler (5.0) with its defaults. Stateless: run {@code index}'s values
 * follow from the parameters, the sweep's seed, the goal, the index, and the runs so far (the
 * finished ones' values and objectives, the running ones' values), so that an operator restarted
 * between runs continues the same search; the random stream is seeded by (seed, index).
 *
 * <ul>
 *   <li><b>Startup.</b> The first {@code startupRuns} runs (by index; 10 unless told, Optuna's
 *       n_startup_trials) are random: exactly a random sweep's draw for that index.
 *   <li><b>Then.</b> The n finished runs with an objective split into the γ(n) = min(⌈n/10⌉, 25)
 *       best (ties: the older first) and the rest; a {@link ParzenEstimator} l is fitted to the
 *       best, g to the rest; 24 candidates drawn from l, and the one with the largest l(x)/g(x)
 *       wins. Like Optuna 5.0's default (multivariate for one objective), the estimators are
 *       mixtures of products over all the parameters: a candidate takes all its values from one
 *       run's kernel, and l/g is the joint density ratio. Failed runs (no objective) take no part
 *       in the estimators.
 *   <li><b>Integers.</b> An integer field's range is Optuna's int distribution with step 1 over
 *       [⌈min⌉, ⌊max⌋] (on a log scale, log=True): kernels over [min − ½, max + ½], an integer
 *       weighing a kernel's mass over [k − ½, k + ½], draws rounded to the nearest integer. Its
 *       densities are then probabilities of the integers, not densities of a rounded real, so a
 *       narrow range is estimated as the finite set it is.
 *   <li><b>Running runs.</b> Counted among the bad runs, as Optuna's constant liar does (its
 *       default in 5.0): a region being tried now weighs on g, so a second run started beside it is
 *       drawn elsewhere. That alone does not rule out the same values (a values list has few), so
 *       candidates whose values, as a run records them, equal any existing run's (running, finished
 *       or failed: trying them again tells the search nothing new) are passed over for the next
 *       best; when all 24 are taken, further batches of candidates are drawn, then uniform random
 *       draws; only when these find nothing new either (a small list whose combinations are all
 *       taken) does a run repeat one, the best candidate.
 * </ul>
 *
 * Values are those a random sweep draws: a list's own value, an integer field's {@code LongNode},
 * any other number a {@code DoubleNode} rounded to 5 significant digits within the range. Pure.
 */
public final class TpeSampler {
  /** Optuna's n_startup_trials. */
  public static final int DEFAULT_STARTUP_RUNS = 10;

  /** Candidates drawn from l per suggestion (Optuna's n_ei_candidates). */
  static final int CANDIDATES = 24;

  /** Batches of candidates from l, then of uniform draws, before a run may repeat another. */
  private static final int BATCHES = 8;

  /** What the sampler knows of an earlier run: its index, its values, its objective. */
  public record Run(int index, Map<String, JsonNode> values, Double objective) {
    /** A finished run; {@code objective} null (or NaN) for a run that failed. */
    public static Run finished(int index, Map<String, JsonNode> values, Double objective) {
      return new Run(index, values, objective);
    }

    /** A run still running. */
    public static Run pending(int index, Map<String, JsonNode> values) {
      return new Run(index, values, null);
    }

    boolean scored() {
      return objective != null && !objective.isNaN();
    }
  }

  private final List<SweepParameter> parameters;
  private final long seed;
  private final ObjectiveGoal goal;
  private final int startupRuns;
  private final List<ParzenEstimator.Dimension> dimensions;

  /** With Optuna's {@value #DEFAULT_STARTUP_RUNS} random runs first. */
  public TpeSampler(List<SweepParameter> parameters, long seed, ObjectiveGoal goal) {
    this(parameters, seed, goal, DEFAULT_STARTUP_RUNS);
  }

  /**
   * @param parameters each with a values list or a range, as {@link SweepPlan#of} checks them
   * @param goal null for minimize
   * @param startupRuns how many runs, from index 0, are drawn at random
   */
  public TpeSampler(
      List<SweepParameter> parameters, long seed, ObjectiveGoal goal, int startupRuns) {
    if (startupRuns < 0) {
      throw new IllegalArgumentException("startupRuns: " + startupRuns + " is negative");
    }
    this.parameters = List.copyOf(parameters);
    this.seed = seed;
    this.goal = goal == null ? ObjectiveGoal.minimize : goal;
    this.startupRuns = startupRuns;
    this.dimensions = this.parameters.stream().map(TpeSampler::dimension).toList();
  }

  private static ParzenEstimator.Dimension dimension(SweepParameter p) {
    if (p.values != null && !p.values.isEmpty()) {
      return ParzenEstimator.Dimension.values(p.values.size());
    }
    ParameterRange r = p.range;
    boolean log = r.scale == RangeScale.log;
    if (RandomDraw.isInteger(p)) {
      double low = Math.ceil(r.min);
      return ParzenEstimator.Dimension.range(low, Math.max(low, Math.floor(r.max)), log, true);
    }
    return ParzenEstimator.Dimension.range(r.min, r.max, log, false);
  }

  /**
   * Run {@code index}'s values, path by path in the parameters' order.
   *
   * @param finished the runs that ended, with their objective (null if they failed), in any order
   * @param pending the runs still running, in any order
   */
  public Map<String, JsonNode> suggest(int index, List<Run> finished, List<Run> pending) {
    if (index < startupRuns) {
      return RandomDraw.assignment(parameters, seed, index);
    }
    List<Run> scored = new ArrayList<>();
    for (Run r : finished) {
      if (r.scored() && point(r) != null) {
        scored.add(r);
      }
    }
    Comparator<Run> byObjective = Comparator.comparingDouble(Run::objective);
    if (goal == ObjectiveGoal.maximize) {
      byObjective = byObjective.reversed();
    }
    scored.sort(byObjective.thenComparingInt(Run::index));
    int good = gamma(scored.size());
    List<Run> below = new ArrayList<>(scored.subList(0, good));
    List<Run> above = new ArrayList<>(scored.subList(good, scored.size()));
    pending.stream().filter(r -> r.index() != index && point(r) != null).forEach(above::add);
    ParzenEstimator l = new ParzenEstimator(dimensions, points(below));
    ParzenEstimator g = new ParzenEstimator(dimensions, points(above));

    Set<String> taken = new HashSet<>();
    for (Run r : finished) {
      taken.add(key(r.values()));
    }
    for (Run r : pending) {
      if (r.index() != index) {
        taken.add(key(r.values()));
      }
    }
    SplittableRandom random = RandomDraw.stream(seed, index);
    Map<String, JsonNode> best = null;
    for (int batch = 0; batch < BATCHES; batch++) {
      List<Candidate> candidates = new ArrayList<>();
      for (int c = 0; c < CANDIDATES; c++) {
        double[] x = l.sample(random);
        candidates.add(new Candidate(x, l.logDensity(x) - g.logDensity(x), c));
      }
      candidates.sort(
          Comparator.comparingDouble(Candidate::score)
              .reversed()
              .thenComparingInt(Candidate::order));
      for (Candidate c : candidates) {
        Map<String, JsonNode> values = values(c.x());
        best = best == null ? values : best;
        if (!taken.contains(key(values))) {
          return values;
        }
      }
    }
    for (int draw = 0; draw < BATCHES * CANDIDATES; draw++) {
      Map<String, JsonNode> values = RandomDraw.assignment(parameters, random.nextLong(), draw);
      if (!taken.contains(key(values))) {
        return values;
      }
    }
    return best;
  }

  private record Candidate(double[] x, double score, int order) {}

  /** γ(n): how many of n scored runs count as good. */
  static int gamma(int n) {
    return Math.min((n + 9) / 10, 25);
  }

  private List<double[]> points(List<Run> runs) {
    return runs.stream().sorted(Comparator.comparingInt(Run::index)).map(this::point).toList();
  }

  /**
   * A run's values as a point of the estimators: a list value's index, a range's number (kept
   * within the range, an integer's rounded); null when a value is missing or not one the parameter
   * takes (the run then informs no estimator).
   */
  private double[] point(Run run) {
    double[] x = new double[parameters.size()];
    for (int i = 0; i < x.length; i++) {
      SweepParameter p = parameters.get(i);
      ParzenEstimator.Dimension dim = dimensions.get(i);
      JsonNode v = run.values() == null ? null : run.values().get(p.path);
      if (v == null) {
        return null;
      }
      if (dim.categorical()) {
        int at = indexOf(p.values, v);
        if (at < 0) {
          return null;
        }
        x[i] = at;
      } else {
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
          return null;
        }
        double number = Math.max(dim.min(), Math.min(dim.max(), v.asDouble()));
        x[i] = dim.integer() ? Math.rint(number) : number;
      }
    }
    return x;
  }

  private static int indexOf(List<JsonNode> values, JsonNode v) {
    for (int i = 0; i < values.size(); i++) {
      if (canonical(values.get(i)).equals(canonical(v))) {
        return i;
      }
    }
    return -1;
  }

  /** A point as the values a run records. */
  private Map<String, JsonNode> values(double[] x) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (int i = 0; i < x.length; i++) {
      SweepParameter p = parameters.get(i);
      values.put(
          p.path,
          dimensions.get(i).categorical() ? p.values.get((int) x[i]) : RandomDraw.value(p, x[i]));
    }
    return values;
  }

  /** The swept values of a run as one string: equal numbers alike however written (1, 1.0). */
  private String key(Map<String, JsonNode> values) {
    StringBuilder key = new StringBuilder();
    for (SweepParameter p : parameters) {
      JsonNode v = values == null ? null : values.get(p.path);
      key.append(v == null ? "-" : canonical(v)).append('\u0000');
    }
    return key.toString();
  }

  private static String canonical(JsonNode v) {
    if (v.isNumber() && Double.isFinite(v.asDouble())) {
      return "n" + new BigDecimal(v.asText()).stripTrailingZeros().toPlainString();
    }
    return "j" + v;
  }
}
