package io.neuralforge.operator.trainingsweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.neuralforge.api.v1alpha1.ParameterRange;
import io.neuralforge.api.v1alpha1.RangeScale;
import io.neuralforge.api.v1alpha1.SweepParameter;
import io.neuralforge.api.v1alpha1.SweepPaths;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A random sweep's draw of one run's values, shared by {@link SweepPlan} and {@link TpeSampler}'s
 * startup runs: lists uniformly, ranges uniformly on their scale, from a generator seeded by the
 * sweep's seed and the run's index. Pure.
 */
final class RandomDraw {
  /** Significant digits of a drawn number: 0.0031623, not 0.0031622776601683794. */
  private static final MathContext DRAWN = new MathContext(5);

  private RandomDraw() {}

  /** The generator of run {@code index}: a run's draw never depends on the runs before it. */
  static SplittableRandom stream(long seed, int index) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
  }

  /** Run {@code index}'s values, path by path in the parameters' order. */
  static Map<String, JsonNode> assignment(List<SweepParameter> parameters, long seed, int index) {
    SplittableRandom random = stream(seed, index);
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (SweepParameter p : parameters) {
      values.put(p.path, p.values != null ? pick(p.values, random) : draw(p, random));
    }
    return values;
  }

  private static JsonNode pick(List<JsonNode> values, SplittableRandom random) {
    return values.get(random.nextInt(values.size()));
  }

  /** A value of the range: uniform on its scale, rounded to an integer for integer fields. */
  private static JsonNode draw(SweepParameter p, SplittableRandom random) {
    ParameterRange r = p.range;
    double u = random.nextDouble();
    double x =
        r.scale == RangeScale.log
            ? Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min)))
            : r.min + u * (r.max - r.min);
    return value(p, x);
  }

  /**
   * The value a run records for the number {@code x} of a range: for an integer field the nearest
   * integer of the range, otherwise {@code x} to 5 significant digits, kept within the range.
   */
  static JsonNode value(SweepParameter p, double x) {
    ParameterRange r = p.range;
    if (isInteger(p)) {
      long low = (long) Math.ceil(r.min);
      long high = (long) Math.floor(r.max);
      return LongNode.valueOf(Math.max(low, Math.min(high, Math.round(x))));
    }
    double rounded = new BigDecimal(x).round(DRAWN).doubleValue();
    return DoubleNode.valueOf(Math.max(r.min, Math.min(r.max, rounded)));
  }

  /** Whether the parameter's path is an integer field, so that its range yields integers. */
  static boolean isInteger(SweepParameter p) {
    return SweepPaths.kindOf(p.path) == SweepPaths.Kind.INTEGER;
  }
}
