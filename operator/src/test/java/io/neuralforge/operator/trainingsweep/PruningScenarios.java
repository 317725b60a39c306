package io.neuralforge.operator.trainingsweep;

import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import io.neuralforge.operator.trainingsweep.OptunaPruningAgreementIT.Event;
import io.neuralforge.operator.trainingsweep.OptunaPruningAgreementIT.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random sweeps for OptunaPruningAgreementIT, drawn to hit the rules' edges: curves that rise,
 * fall, wander, plateau, repeat another run's values or sit on a coarse grid (ties), with NaNs here
 * and there; runs reporting in turn, side by side at their own pace, or one after another; and the
 * operator missing some epochs (so a judgement may pass several asha rungs at once).
 */
final class PruningScenarios {
  private PruningScenarios() {}

  static Scenario next(int id, String rule, SplittableRandom random) {
    boolean median = rule.equals("median");
    ObjectiveGoal goal = random.nextBoolean() ? ObjectiveGoal.maximize : ObjectiveGoal.minimize;
    int minEpochs = median ? random.nextInt(1, 5) : random.nextInt(1, 4);
    int minFinishedRuns = median ? random.nextInt(1, 6) : 0;
    int reductionFactor = median ? 0 : random.nextInt(2, 5);
    int trials = random.nextInt(3, 13);
    int longest = random.nextInt(1, 21);
    double nanChance = random.nextInt(4) == 0 ? 0.08 : 0;
    double grid = random.nextInt(3) == 0 ? 0.05 : 0;
    double[][] curves = new double[trials][];
    for (int t = 0; t < trials; t++) {
      int epochs = random.nextInt(3) == 0 ? longest : random.nextInt(1, longest + 1);
      curves[t] =
          t > 0 && random.nextInt(8) == 0
              ? copyOf(curves[random.nextInt(t)], epochs)
              : curve(epochs, goal, grid, nanChance, random);
    }
    double judgeChance = random.nextInt(4) == 0 ? 0.35 : 1;
    List<Event> events = interleaved(curves, judgeChance, random);
    return new Scenario(
        id, rule, goal, minEpochs, minFinishedRuns, reductionFactor, curves, events);
  }

  /** Another run's values, to its length or repeating its last (identical runs, equal plateaus). */
  private static double[] copyOf(double[] other, int epochs) {
    double[] copy = Arrays.copyOf(other, epochs);
    for (int e = other.length; e < epochs; e++) {
      copy[e] = other[other.length - 1];
    }
    return copy;
  }

  private static double[] curve(
      int epochs, ObjectiveGoal goal, double grid, double nanChance, SplittableRandom random) {
    double[] values = new double[epochs];
    int shape = random.nextInt(6);
    double start = random.nextDouble();
    double end = random.nextDouble();
    double rate = 0.1 + random.nextDouble();
    double noise = random.nextInt(3) == 0 ? 0.1 * random.nextDouble() : 0;
    double walk = start;
    for (int e = 0; e < epochs; e++) {
      double v =
          switch (shape) {
            case 0 -> end + (start - end) * Math.exp(-rate * e); // converging, up or down
            case 1 -> walk += 0.1 * (random.nextDouble() - 0.5); // wandering
            case 2 -> e < epochs / 2 ? start : end; // a step between two plateaus
            case 3 -> start; // flat
            case 4 -> Math.round(e * rate) % 2 == 0 ? start : end; // oscillating
            default -> random.nextDouble(); // no trend at all
          };
      v += noise * (random.nextDouble() - 0.5);
      values[e] = grid > 0 ? Math.round(v / grid) * grid : v;
      if (random.nextDouble() < nanChance) {
        values[e] = Double.NaN;
      }
    }
    if (random.nextInt(40) == 0) {
      Arrays.fill(values, Double.NaN); // a run that never recorded its objective
    }
    return values;
  }

  /** The order of the reports: every trial's epochs, in one of four ways of running a sweep. */
  private static List<Event> interleaved(
      double[][] curves, double judgeChance, SplittableRandom random) {
    int trials = curves.length;
    List<double[]> timed = new ArrayList<>(); // {time, trial}
    int way = random.nextInt(4);
    int parallel = random.nextInt(1, trials + 1);
    double[] freeAt = new double[parallel]; // when each of `parallel` slots frees up
    for (int t = 0; t < trials; t++) {
      double pace = 0.5 + random.nextDouble();
      double startAt =
          switch (way) {
            case 0 -> 0; // all at once, in lockstep or at their own pace
            case 1 -> t * 1000.0; // one after another
            case 2 -> random.nextDouble() * 10; // staggered starts
            default -> takeSlot(freeAt, curves[t].length * pace); // a limited number in parallel
          };
      for (int e = 1; e <= curves[t].length; e++) {
        double at = startAt + e * (way == 0 && t % 2 == 0 ? 1 : pace) + 1e-6 * t;
        timed.add(new double[] {at, t});
      }
    }
    timed.sort((a, b) -> Double.compare(a[0], b[0]));
    List<Event> events = new ArrayList<>();
    for (double[] report : timed) {
      events.add(new Event((int) report[1], random.nextDouble() < judgeChance));
    }
    return events;
  }

  /** Starts a trial of {@code duration} in the slot that frees up first; its start time. */
  private static double takeSlot(double[] freeAt, double duration) {
    int slot = 0;
    for (int i = 1; i < freeAt.length; i++) {
      if (freeAt[i] < freeAt[slot]) {
        slot = i;
      }
    }
    double start = freeAt[slot];
    freeAt[slot] += duration + 0.25;
    return start;
  }
}
