package io.neuralforge.cli;

import io.neuralforge.trainer.export.V2Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * A request's outputs as lines for people: per sample, a classifier's top classes with their
 * probabilities ({@code shirt.png: Shirt 0.912, T-shirt/top 0.051, Pullover 0.020}), any other
 * output as its values.
 */
final class PredictionText {
  private PredictionText() {}

  /**
   * @param samples the request's samples by name, along the batch axis
   * @param classes the class names by index, where known (else empty)
   */
  static List<String> lines(
      List<String> samples, List<V2Tensor> outputs, int top, List<String> classes) {
    List<String> lines = new ArrayList<>();
    for (int s = 0; s < samples.size(); s++) {
      StringBuilder line = new StringBuilder(samples.get(s)).append(":");
      for (V2Tensor out : outputs) {
        if (outputs.size() > 1) {
          line.append(" ").append(out.name()).append(":");
        }
        line.append(" ").append(describe(out, s, samples.size(), top, classes));
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static String describe(
      V2Tensor out, int sample, int count, int top, List<String> classes) {
    long[] shape = out.shape();
    boolean batched = shape.length > 0 && shape[0] == count;
    if (!batched) { // not one entry per sample: the whole tensor, beside the first sample
      return sample == 0 ? values(out, 0, shape) : "(above)";
    }
    int per = out.size() / count;
    if (shape.length == 2 && out.floats() != null) {
      float[] row = Arrays.copyOfRange(out.floats(), sample * per, (sample + 1) * per);
      return topClasses(row, top, classes);
    }
    return values(out, sample * per, Arrays.copyOfRange(shape, 1, shape.length));
  }

  /** The {@code top} most probable classes, most probable first. */
  static String topClasses(float[] scores, int top, List<String> classes) {
    double[] p = probabilities(scores);
    return IntStream.range(0, p.length)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -p[i]).thenComparing(i -> i))
        .limit(top)
        .map(
            i ->
                (classes.size() == p.length ? classes.get(i) : String.valueOf(i))
                    + String.format(Locale.ROOT, " %.3f", p[i]))
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }

  /**
   * Softmax of the scores; scores that already are probabilities (none negative, summing to 1, as
   * after a Softmax layer) are kept.
   */
  static double[] probabilities(float[] scores) {
    double sum = 0;
    boolean probabilities = true;
    for (float s : scores) {
      probabilities &= s >= 0 && s <= 1;
      sum += s;
    }
    double[] p = new double[scores.length];
    if (probabilities && Math.abs(sum - 1) < 1e-4) {
      for (int i = 0; i < p.length; i++) {
        p[i] = scores[i];
      }
      return p;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float s : scores) {
      max = Math.max(max, s);
    }
    double total = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(scores[i] - max);
      total += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= total;
    }
    return p;
  }

  /** The values from {@code from} on, nested as {@code shape}: {@code [2, 2] [[1, 2], [3, 4]]}. */
  private static String values(V2Tensor t, int from, long[] shape) {
    StringBuilder s = new StringBuilder(Arrays.toString(shape)).append(" ");
    nest(t, from, shape, 0, s);
    return s.toString();
  }

  private static int nest(V2Tensor t, int at, long[] shape, int axis, StringBuilder s) {
    if (axis == shape.length) {
      s.append(t.floats() != null ? Float.toString(t.floats()[at]) : Long.toString(t.longs()[at]));
      return at + 1;
    }
    s.append("[");
    for (long i = 0; i < shape[axis]; i++) {
      if (i > 0) {
        s.append(", ");
      }
      at = nest(t, at, shape, axis + 1, s);
    }
    s.append("]");
    return at;
  }
}
