package io.neuralforge.operator.trainingsweep;

import io.neuralforge.api.v1alpha1.EarlyStoppingType;
import io.neuralforge.api.v1alpha1.HistoryPoint;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.SweepEarlyStopping;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingSweepSpec;
import io.neuralforge.operator.trainingrun.reading.RunEpochs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Applies a sweep's early-stopping rule to its runs in progress, from what the runs recorded: each
 * run's objective per epoch in status.history and, for asha, the values each run had at the rungs
 * it was judged at (the {@link Labels#SWEEP_RUNGS} annotation the operator writes). Each epoch of a
 * run from minEpochs on is judged once, as Optuna judges each report: the run's {@link
 * Labels#SWEEP_JUDGED} annotation says which it was judged at last (its trainer waits for it). Runs
 * are judged in index order, each seeing the rungs recorded by those judged before it. Pure.
 */
final class EarlyStoppingJudge {
  /** The status.history fields a rule can read, per epoch. */
  static final Set<String> PER_EPOCH =
      Set.of("trainLoss", "validationLoss", "validationAccuracy", "validationDice");

  /** Rung values a run's annotation may hold: far more rungs than any run has epochs for. */
  private static final int MAX_RUNGS = 64;

  /**
   * What to do to one run judged at {@code epoch}: stop it with {@code stop} (null to let it go
   * on), record {@code rungs} on it (null to leave its record as it is).
   */
  record Judgement(TrainingRun run, int epoch, String stop, List<Double> rungs) {}

  private EarlyStoppingJudge() {}

  /** Why the sweep's early stopping cannot judge its runs, or null. */
  static String problem(TrainingSweepSpec spec) {
    String metric = SweepRanking.metric(spec.objective);
    if (spec.earlyStopping == null || PER_EPOCH.contains(metric)) {
      return null;
    }
    return "spec.earlyStopping: the objective "
        + metric
        + " is not recorded per epoch; early stopping judges one of "
        + PER_EPOCH.stream().sorted().toList();
  }

  static List<Judgement> judge(TrainingSweepSpec spec, List<SweepRanking.Entry> runs) {
    SweepEarlyStopping rule = spec.earlyStopping;
    if (rule == null || problem(spec) != null) {
      return List.of();
    }
    String metric = SweepRanking.metric(spec.objective);
    ObjectiveGoal goal = SweepRanking.goal(spec.objective);
    List<SweepRanking.Entry> ordered = new ArrayList<>(runs);
    ordered.sort(Comparator.comparingInt(SweepRanking.Entry::index));
    return rule.type == EarlyStoppingType.asha
        ? asha(
            new AshaRule(metric, goal, rule.minEpochsOrDefault(), rule.reductionFactorOrDefault()),
            metric,
            ordered)
        : median(
            new MedianRule(
                metric, goal, rule.minEpochsOrDefault(), rule.minFinishedRunsOrDefault()),
            metric,
            ordered);
  }

  private static List<Judgement> median(
      MedianRule rule, String metric, List<SweepRanking.Entry> runs) {
    if (runs.stream().noneMatch(e -> due(e.run(), rule.minEpochs()))) {
      return List.of(); // the finished runs' curves are read only when a run is due
    }
    List<Curve> finished = new ArrayList<>();
    for (SweepRanking.Entry e : runs) {
      if (trainedToTheEnd(e.run())) {
        finished.add(curve(e.run(), metric));
      }
    }
    List<Judgement> judgements = new ArrayList<>();
    for (SweepRanking.Entry e : runs) {
      if (due(e.run(), rule.minEpochs())) {
        Verdict v = rule.judge(curve(e.run(), metric), finished);
        judgements.add(
            new Judgement(
                e.run(), RunEpochs.trained(e.run()), v.stop() ? v.message() : null, null));
      }
    }
    return judgements;
  }

  private static List<Judgement> asha(AshaRule rule, String metric, List<SweepRanking.Entry> runs) {
    Map<String, List<Double>> recorded = new HashMap<>();
    for (SweepRanking.Entry e : runs) {
      recorded.put(e.run().getMetadata().getName(), rungs(e.run()));
    }
    List<Judgement> judgements = new ArrayList<>();
    for (SweepRanking.Entry e : runs) {
      if (!due(e.run(), rule.minEpochs())) {
        continue;
      }
      String name = e.run().getMetadata().getName();
      List<List<Double>> others = new ArrayList<>();
      recorded.forEach(
          (other, values) -> {
            if (!other.equals(name)) {
              others.add(values);
            }
          });
      List<Double> own = recorded.get(name);
      Verdict v = rule.judge(curve(e.run(), metric), own, others);
      boolean newRungs = !v.rungs().equals(own);
      if (newRungs) {
        recorded.put(name, v.rungs());
      }
      judgements.add(
          new Judgement(
              e.run(),
              RunEpochs.trained(e.run()),
              v.stop() ? v.message() : null,
              newRungs ? v.rungs() : null));
    }
    return judgements;
  }

  /**
   * In progress, not yet asked to stop, with an epoch from {@code minEpochs} on that it was not
   * judged at, before its last (a run at its last epoch is done: nothing is left to save).
   */
  private static boolean due(TrainingRun run, int minEpochs) {
    String phase = run.getStatus() == null ? null : run.getStatus().phase;
    int trained = RunEpochs.trained(run);
    return !Phases.isTerminal(phase)
        && !RunEpochs.stopRequested(run)
        && trained >= minEpochs
        && trained < RunEpochs.planned(run)
        && trained > judgedEpoch(run);
  }

  /** The last epoch the run was judged at, by its annotation; 0 when none (or unreadable). */
  static int judgedEpoch(TrainingRun run) {
    Map<String, String> annotations = run.getMetadata().getAnnotations();
    String text = annotations == null ? null : annotations.get(Labels.SWEEP_JUDGED);
    try {
      return text == null ? 0 : Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Optuna's COMPLETE: Succeeded, not stopped early. */
  private static boolean trainedToTheEnd(TrainingRun run) {
    return run.getStatus() != null
        && Phases.SUCCEEDED.equals(run.getStatus().phase)
        && !RunEpochs.stoppedEarly(run);
  }

  /**
   * The objective at each epoch status.history records (at most its 200 points, whatever epoch
   * numbers the trainer's token wrote); NaN where a point lacks it.
   */
  static Curve curve(TrainingRun run, String metric) {
    SortedMap<Integer, Double> points = new TreeMap<>();
    List<HistoryPoint> history = run.getStatus() == null ? null : run.getStatus().history;
    for (HistoryPoint p : history == null ? List.<HistoryPoint>of() : history) {
      if (p != null && p.epoch != null && p.epoch >= 1) {
        Double v = value(p, metric);
        points.put(p.epoch, v == null ? Double.NaN : v);
      }
    }
    return Curve.of(points);
  }

  /** The point's value of one of the {@link #PER_EPOCH} fields. */
  private static Double value(HistoryPoint p, String metric) {
    return switch (metric) {
      case "trainLoss" -> p.trainLoss;
      case "validationLoss" -> p.validationLoss;
      case "validationAccuracy" -> p.validationAccuracy;
      case "validationDice" -> p.validationDice;
      default -> null;
    };
  }

  /**
   * The rung values the run's annotation records; none when it holds anything else (a tenant's edit
   * counts as no record, never as a crash).
   */
  static List<Double> rungs(TrainingRun run) {
    Map<String, String> annotations = run.getMetadata().getAnnotations();
    String text = annotations == null ? null : annotations.get(Labels.SWEEP_RUNGS);
    List<Double> values = new ArrayList<>();
    if (text == null || text.isBlank() || text.length() > MAX_RUNGS * 32) {
      return values;
    }
    for (String part : text.split(",", MAX_RUNGS + 1)) {
      try {
        values.add(Double.parseDouble(part.strip()));
      } catch (NumberFormatException e) {
        return new ArrayList<>();
      }
    }
    return values.size() > MAX_RUNGS ? new ArrayList<>() : values;
  }

  /** The annotation's text for {@code rungs}: exact doubles, comma-separated. */
  static String rungsText(List<Double> rungs) {
    return String.join(",", rungs.stream().map(String::valueOf).toList());
  }
}
