package io.neuralforge.trainer.run;

import java.util.Map;

/** Figures as the TrainingRun's status carries them: finite ones only, to six decimals. */
public final class StatusFigures {
  private StatusFigures() {}

  /** Puts {@code value} rounded under {@code key}; NaN and infinities are left out. */
  public static void putFinite(Map<String, Object> map, String key, double value) {
    if (Double.isFinite(value)) {
      map.put(key, Math.round(value * 1e6) / 1e6);
    }
  }
}
