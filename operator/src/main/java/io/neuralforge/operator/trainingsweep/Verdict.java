package io.neuralforge.operator.trainingsweep;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * What an early-stopping rule decided for one run: whether to stop it, the rung records the run now
 * holds (asha only; the operator persists them on the run, since the next judgement needs them),
 * and one line for people saying which rule decided and on which numbers.
 */
public record Verdict(boolean stop, List<Double> rungs, String message) {
  private static final MathContext SHOWN = new MathContext(4);

  public Verdict {
    rungs = List.copyOf(rungs);
  }

  static Verdict keep(List<Double> rungs, String message) {
    return new Verdict(false, rungs, message);
  }

  static Verdict stop(List<Double> rungs, String message) {
    return new Verdict(true, rungs, message);
  }

  /** A number as a message shows it: 4 significant digits, no trailing zeros (0.41, 1235). */
  static String compact(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return new BigDecimal(value).round(SHOWN).stripTrailingZeros().toPlainString();
  }
}
