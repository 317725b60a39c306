package io.neuralforge.operator.trainingsweep;

import io.fabric8.kubernetes.api.model.Condition;
import io.neuralforge.api.v1alpha1.ConditionTypes;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.SweepFigures;
import io.neuralforge.api.v1alpha1.SweepResult;
import io.neuralforge.api.v1alpha1.SweepRunCounts;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.api.v1alpha1.TrainingSweepStatus;
import io.neuralforge.operator.status.BoundedText;
import io.neuralforge.operator.status.PhaseConditions;
import io.neuralforge.operator.status.Verdict;
import io.neuralforge.operator.trainingrun.reading.RunEpochs;
import java.time.Instant;
import java.util.List;

/** The sweep's status from its runs as the informer has them. Pure. */
public final class SweepStatusBuilder {
  /** Runs on the leaderboard. */
  public static final int LEADERBOARD = 10;

  private SweepStatusBuilder() {}

  /**
   * What the sweep knows.
   *
   * @param runs the sweep's runs with their index and parameters
   * @param created runs the sweep has created in all (some may have been deleted since)
   * @param planned the runs the sweep makes in all
   * @param problem why the sweep cannot go on (a parameter it cannot use), or null
   */
  public record Facts(
      TrainingSweep sweep,
      List<SweepRanking.Entry> runs,
      int created,
      int planned,
      Problem problem,
      Instant now) {}

  /**
   * What stops a sweep: a reason and one line naming the path or field, cut to a length a condition
   * holds however much tenant text it quotes.
   */
  public record Problem(String reason, String message) {
    public Problem {
      message = BoundedText.message(message);
    }
  }

  public static TrainingSweepStatus build(Facts f) {
    TrainingSweepStatus previous = f.sweep().getStatus();
    TrainingSweepStatus s = new TrainingSweepStatus();
    s.observedGeneration = f.sweep().getMetadata().getGeneration();
    s.runs = counts(f);
    List<SweepResult> ranked =
        SweepRanking.rank(
            f.runs(), f.sweep().getSpec() == null ? null : f.sweep().getSpec().objective);
    s.leaderboard =
        ranked.isEmpty() ? null : ranked.subList(0, Math.min(LEADERBOARD, ranked.size()));
    SweepResult top = ranked.isEmpty() ? null : ranked.get(0);
    if (top != null
        && Phases.SUCCEEDED.equals(top.phase)
        && top.value != null
        && top.stoppedAtEpoch == null) {
      s.best = new SweepResult();
      s.best.run = top.run;
      s.best.value = top.value;
      s.best.parameters = top.parameters;
    }
    int finished = s.runs.succeeded + s.runs.stopped + s.runs.failed;
    s.figures = new SweepFigures();
    s.figures.runs = finished + "/" + f.planned();
    if (f.sweep().getSpec() != null && f.sweep().getSpec().earlyStopping != null) {
      s.figures.epochsSaved = epochsSaved(f.runs());
    }
    String reason;
    String message;
    if (f.problem() != null) {
      s.phase = Phases.FAILED;
      reason = f.problem().reason();
      message = f.problem().message();
    } else if (f.created() >= f.planned() && s.runs.running == 0 && f.created() > 0) {
      boolean anySucceeded = s.runs.succeeded + s.runs.stopped > 0;
      s.phase = anySucceeded ? Phases.SUCCEEDED : Phases.FAILED;
      reason = anySucceeded ? Reasons.SWEEP_SUCCEEDED : Reasons.ALL_RUNS_FAILED;
      message =
          anySucceeded
              ? finished
                  + " runs finished"
                  + (s.runs.stopped == 0 ? "" : " (" + s.runs.stopped + " stopped early)")
                  + (s.best == null
                      ? ""
                      : "; best " + s.best.run + " with " + metric(f) + " " + s.best.value)
              : "every run failed (" + s.runs.failed + ")";
    } else if (f.created() == 0) {
      s.phase = Phases.PENDING;
      reason = Reasons.NO_RUNS_YET;
      message = "no run created yet";
    } else {
      s.phase = Phases.RUNNING;
      reason = Reasons.RUNS_IN_PROGRESS;
      message =
          finished + " of " + f.planned() + " runs finished, " + s.runs.running + " in progress";
    }
    s.conditions = conditions(s.phase, reason, message, f, previous);
    return s;
  }

  private static SweepRunCounts counts(Facts f) {
    SweepRunCounts c = new SweepRunCounts();
    c.created = f.created();
    for (SweepRanking.Entry e : f.runs()) {
      String phase = e.run().getStatus() == null ? null : e.run().getStatus().phase;
      if (Phases.SUCCEEDED.equals(phase) && RunEpochs.stoppedEarly(e.run())) {
        c.stopped++;
      } else if (Phases.SUCCEEDED.equals(phase)) {
        c.succeeded++;
      } else if (Phases.FAILED.equals(phase)) {
        c.failed++;
      } else {
        c.running++;
      }
    }
    return c;
  }

  /** The epochs the runs stopped early planned but did not train. */
  private static int epochsSaved(List<SweepRanking.Entry> runs) {
    int saved = 0;
    for (SweepRanking.Entry e : runs) {
      if (RunEpochs.stoppedEarly(e.run())) {
        saved += Math.max(0, RunEpochs.planned(e.run()) - RunEpochs.trained(e.run()));
      }
    }
    return saved;
  }

  private static String metric(Facts f) {
    return SweepRanking.metric(f.sweep().getSpec() == null ? null : f.sweep().getSpec().objective);
  }

  private static List<Condition> conditions(
      String phase, String reason, String message, Facts f, TrainingSweepStatus previous) {
    return PhaseConditions.of(
        List.of(ConditionTypes.RUNNING, ConditionTypes.SUCCEEDED, ConditionTypes.FAILED),
        Verdict.of(phase, reason, message),
        "the sweep",
        f.sweep().getMetadata().getGeneration(),
        previous == null ? null : previous.conditions,
        f.now());
  }
}
