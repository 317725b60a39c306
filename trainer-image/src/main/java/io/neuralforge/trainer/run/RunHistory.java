package io.neuralforge.trainer.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * status.history: one compact point per finished epoch, at most {@link #MAX_POINTS}; a longer run
 * keeps its first and last epochs and points evenly spaced between them, so a curve drawn from the
 * API keeps its shape.
 */
public final class RunHistory {
  public static final int MAX_POINTS = 200;

  private final List<Map<String, Object>> points = new ArrayList<>();

  /** Records a finished epoch. */
  public void add(EpochMetrics m) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("epoch", m.epoch());
    StatusFigures.putFinite(p, "trainLoss", m.trainLoss());
    StatusFigures.putFinite(p, "validationLoss", m.validationLoss());
    StatusFigures.putFinite(p, "validationAccuracy", m.validationAccuracy());
    StatusFigures.putFinite(p, "validationDice", m.validationDice());
    if (Double.isFinite(m.learningRate())) {
      p.put(
          "learningRate",
          Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", m.learningRate())));
    }
    points.add(p);
  }

  public boolean isEmpty() {
    return points.isEmpty();
  }

  /** The points to publish: all of them, or {@link #MAX_POINTS} evenly spaced. */
  public List<Map<String, Object>> points() {
    return thin(points, MAX_POINTS);
  }

  static <T> List<T> thin(List<T> all, int max) {
    int n = all.size();
    if (n <= max) {
      return List.copyOf(all);
    }
    List<T> kept = new ArrayList<>(max);
    for (int i = 0; i < max; i++) {
      kept.add(all.get((int) Math.round(i * (n - 1) / (double) (max - 1))));
    }
    return kept;
  }
}
