package io.neuralforge.operator.trainingsweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuralforge.api.v1alpha1.SweepAlgorithm;
import io.neuralforge.api.v1alpha1.SweepParameter;
import io.neuralforge.api.v1alpha1.SweepPaths;
import io.neuralforge.api.v1alpha1.TrainingSweepSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which parameters each run of a sweep tries, by its index, and how many runs the sweep makes. A
 * grid enumerates its combinations, the first parameter varying slowest; a random sweep draws each
 * run's values from a generator seeded by the sweep's seed and the run's index, so that a run's
 * parameters never depend on which runs came before it. Pure.
 */
public final class SweepPlan {
  private final List<SweepParameter> parameters;
  private final SweepAlgorithm algorithm;
  private final long seed;
  private final int runs;

  private SweepPlan(TrainingSweepSpec spec) {
    this.parameters = spec.parameters == null ? List.of() : spec.parameters;
    this.algorithm = spec.algorithm == null ? SweepAlgorithm.grid : spec.algorithm;
    this.seed = spec.seed == null ? 1 : spec.seed;
    long wanted = spec.maxRuns == null ? TrainingSweepSpec.MAX_RUNS : spec.maxRuns;
    long size = algorithm == SweepAlgorithm.grid ? gridSize(parameters) : wanted;
    this.runs = (int) Math.min(Math.min(wanted, size), TrainingSweepSpec.MAX_RUNS);
  }

  /**
   * @throws SweepRuns.InvalidParameterException for what the schema refuses but a manifest read
   *     without it may hold: a path no sweep can vary, a parameter with no values (a grid's, or
   *     neither values nor range), more values than a parameter takes, maxRuns missing from a
   *     random sweep or above its maximum
   * @throws TooManyRunsException for a grid larger than a sweep may run, without maxRuns
   */
  public static SweepPlan of(TrainingSweepSpec spec) {
    SweepAlgorithm algorithm = spec.algorithm == null ? SweepAlgorithm.grid : spec.algorithm;
    checkParameters(spec, algorithm);
    checkSize(spec, algorithm);
    return new SweepPlan(spec);
  }

  private static void checkParameters(TrainingSweepSpec spec, SweepAlgorithm algorithm) {
    for (SweepParameter p : spec.parameters == null ? List.<SweepParameter>of() : spec.parameters) {
      String path = p.path == null ? "path" : p.path;
      if (SweepPaths.kindOf(p.path) == null) {
        throw new SweepRuns.InvalidParameterException(
            path, path + ": not a field a sweep can vary (one of " + SweepPaths.all() + ")");
      }
      boolean hasValues = p.values != null && !p.values.isEmpty();
      if (hasValues && p.values.size() > SweepParameter.MAX_VALUES) {
        throw new SweepRuns.InvalidParameterException(
            path, path + ": " + p.values.size() + " values, at most " + SweepParameter.MAX_VALUES);
      }
      if (hasValues && p.range != null) {
        throw new SweepRuns.InvalidParameterException(
            path, path + ": set exactly one of values and range");
      }
      if (!hasValues && (algorithm == SweepAlgorithm.grid || p.range == null)) {
        throw new SweepRuns.InvalidParameterException(
            path,
            path
                + (algorithm == SweepAlgorithm.grid
                    ? ": a grid sweep needs values"
                    : ": needs values or a range"));
      }
    }
  }

  /** A plan never holds more than MAX_RUNS runs: a larger grid must say how many it tries. */
  private static void checkSize(TrainingSweepSpec spec, SweepAlgorithm algorithm) {
    if (spec.maxRuns != null && spec.maxRuns > TrainingSweepSpec.MAX_RUNS) {
      throw new SweepRuns.InvalidParameterException(
          "maxRuns", "maxRuns: " + spec.maxRuns + " is above " + TrainingSweepSpec.MAX_RUNS);
    }
    if (spec.maxRuns == null && algorithm != SweepAlgorithm.grid) {
      throw new SweepRuns.InvalidParameterException("maxRuns", "maxRuns: a random sweep needs it");
    }
    long combinations = algorithm == SweepAlgorithm.grid ? gridSize(spec.parameters) : 0;
    if (spec.maxRuns == null && combinations > TrainingSweepSpec.MAX_RUNS) {
      throw new TooManyRunsException(
          "maxRuns: a grid of "
              + (combinations > Integer.MAX_VALUE ? "over " + Integer.MAX_VALUE : combinations)
              + " combinations needs maxRuns (at most "
              + TrainingSweepSpec.MAX_RUNS
              + ") to say how many of them to run");
    }
  }

  /** The runs the sweep makes in all: maxRuns, and a grid's size at most; never above MAX_RUNS. */
  public int runs() {
    return runs;
  }

  /** The value of each swept path in run {@code index}, in the parameters' order. */
  public Map<String, JsonNode> assignment(int index) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    if (algorithm == SweepAlgorithm.grid) {
      long rest = index;
      for (int p = parameters.size() - 1; p >= 0; p--) {
        List<JsonNode> options = parameters.get(p).values;
        values.put(parameters.get(p).path, options.get((int) (rest % options.size())));
        rest /= options.size();
      }
      return reversed(values);
    }
    return RandomDraw.assignment(parameters, seed, index);
  }

  private static long gridSize(List<SweepParameter> parameters) {
    long size = 1;
    for (SweepParameter p : parameters == null ? List.<SweepParameter>of() : parameters) {
      int options = p.values == null ? 0 : p.values.size();
      size = size > Integer.MAX_VALUE ? size : size * options; // capped: a run count is an int
    }
    return size;
  }

  /** A grid of more combinations than a sweep may run, without maxRuns. */
  public static final class TooManyRunsException extends SweepRuns.InvalidParameterException {
    private static final long serialVersionUID = 1L;

    TooManyRunsException(String message) {
      super("maxRuns", message);
    }
  }

  private static Map<String, JsonNode> reversed(Map<String, JsonNode> values) {
    List<String> keys = List.copyOf(values.keySet());
    Map<String, JsonNode> ordered = new LinkedHashMap<>();
    for (int i = keys.size() - 1; i >= 0; i--) {
      ordered.put(keys.get(i), values.get(keys.get(i)));
    }
    return ordered;
  }
}
