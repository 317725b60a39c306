package io.neuralforge.operator.trainingsweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.neuralforge.api.v1alpha1.ConditionTypes;
import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.SweepAlgorithm;
import io.neuralforge.api.v1alpha1.SweepParameter;
import io.neuralforge.api.v1alpha1.SweepPaths;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.api.v1alpha1.TrainingSweepSpec;
import io.neuralforge.api.v1alpha1.TrainingSweepStatus;
import io.neuralforge.operator.status.Conditions;
import io.neuralforge.operator.status.Unreadable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one decision of a sweep's reconcile: its runs, read from the informer; before the first run,
 * every value of every parameter to check; the next runs of the plan, at most {@link #BATCH} at a
 * time, while fewer than parallelRuns are unfinished. A sweep that failed stays failed, checking
 * and creating nothing, until its spec changes. Pure.
 */
final class SweepDecisions {
  /**
   * Runs created in one reconcile at most: the status events of those runs bring the next
   * reconcile, so a sweep of 1000 parallel runs reaches the API server a few creates at a time.
   */
  static final int BATCH = 10;

  /** The reasons of what the API server refused when the operator acted. */
  private static final Set<String> REFUSALS =
      Set.of(Reasons.INVALID_PARAMETER, Reasons.RUN_NAME_TAKEN);

  private SweepDecisions() {}

  static SweepDecision decide(TrainingSweep sweep, Collection<TrainingRun> cached) {
    TrainingSweepStatus previous = sweep.getStatus();
    if (Unreadable.is(sweep)) {
      return SweepDecision.cannotGoOn(
          List.of(), created(previous, List.of()), Reasons.UNREADABLE, Unreadable.message(sweep));
    }
    SweepPlan plan;
    try {
      plan = SweepPlan.of(sweep.getSpec());
    } catch (SweepRuns.InvalidParameterException e) {
      String reason =
          e instanceof SweepPlan.TooManyRunsException
              ? Reasons.TOO_MANY_RUNS
              : Reasons.INVALID_PARAMETER;
      return SweepDecision.cannotGoOn(
          List.of(), created(previous, List.of()), reason, e.getMessage());
    }
    List<SweepRanking.Entry> runs = runs(sweep, plan, cached);
    int created = created(previous, runs);
    SweepStatusBuilder.Problem failed = failedAtThisGeneration(sweep);
    if (failed != null) {
      return new SweepDecision(runs, created, plan.runs(), List.of(), List.of(), List.of(), failed);
    }
    String stoppingProblem = EarlyStoppingJudge.problem(sweep.getSpec());
    if (stoppingProblem != null) {
      return SweepDecision.cannotGoOn(runs, created, Reasons.INVALID_SPEC, stoppingProblem);
    }
    String nameProblem = SweepRuns.nameProblem(sweep, plan.runs());
    if (nameProblem != null) {
      return SweepDecision.cannotGoOn(
          runs, created, Reasons.NAME_TOO_LONG, "metadata.name: " + nameProblem);
    }
    try {
      return new SweepDecision(
          runs,
          created,
          plan.runs(),
          created == 0 ? checks(sweep, plan) : List.of(),
          next(sweep, plan, runs, created),
          EarlyStoppingJudge.judge(sweep.getSpec(), runs),
          null);
    } catch (SweepRuns.InvalidParameterException e) {
      return SweepDecision.cannotGoOn(runs, created, Reasons.INVALID_PARAMETER, e.getMessage());
    }
  }

  /**
   * The sweep's runs among the cached ones (owned by its uid), with their index and parameters: the
   * plan's for grid and random, what the run's spec holds for tpe (whose values depend on the runs
   * before it).
   */
  private static List<SweepRanking.Entry> runs(
      TrainingSweep sweep, SweepPlan plan, Collection<TrainingRun> cached) {
    boolean recorded = sweep.getSpec().algorithm == SweepAlgorithm.tpe;
    List<SweepRanking.Entry> entries = new ArrayList<>();
    for (TrainingRun run : cached) {
      boolean ours = SweepRuns.ownedBy(run, sweep);
      SweepRuns.index(run)
          .filter(i -> ours && i >= 0 && i < TrainingSweepSpec.MAX_RUNS)
          .ifPresent(
              i ->
                  entries.add(
                      new SweepRanking.Entry(
                          i,
                          run,
                          recorded
                              ? SweepRuns.recorded(run, sweep.getSpec().parameters)
                              : plan.assignment(i))));
    }
    return entries;
  }

  /**
   * The API server's refusal a sweep failed with (a parameter value, a run, a run's name taken),
   * when its status says so for its current generation: the operator does not ask again (no dry
   * runs on every reconcile) until the spec changes. What the sweep itself says (its plan, its
   * name, an unreadable spec) is decided afresh, as cheaply.
   */
  private static SweepStatusBuilder.Problem failedAtThisGeneration(TrainingSweep sweep) {
    TrainingSweepStatus status = sweep.getStatus();
    if (status == null
        || !Phases.FAILED.equals(status.phase)
        || status.conditions == null
        || !Objects.equals(status.observedGeneration, sweep.getMetadata().getGeneration())) {
      return null;
    }
    return status.conditions.stream()
        .filter(c -> ConditionTypes.FAILED.equals(c.getType()))
        .filter(c -> Conditions.TRUE.equals(c.getStatus()))
        .filter(c -> REFUSALS.contains(c.getReason()))
        .findFirst()
        .map(c -> new SweepStatusBuilder.Problem(c.getReason(), String.valueOf(c.getMessage())))
        .orElse(null);
  }

  /** Runs created so far: what status says, or more when the cache already holds later ones. */
  private static int created(TrainingSweepStatus previous, List<SweepRanking.Entry> runs) {
    int seen = runs.stream().mapToInt(e -> e.index() + 1).max().orElse(0);
    int recorded = previous == null || previous.runs == null ? 0 : previous.runs.created;
    return Math.max(seen, recorded);
  }

  /**
   * Before the first run: every value of every parameter (a range's ends), set in the first run's
   * spec, so a value the TrainingRun schema refuses fails the sweep at once, naming its path.
   */
  private static List<SweepDecision.Check> checks(TrainingSweep sweep, SweepPlan plan) {
    List<SweepDecision.Check> checks = new ArrayList<>();
    for (SweepParameter p : sweep.getSpec().parameters) {
      for (JsonNode value : candidates(p)) {
        Map<String, JsonNode> values = new LinkedHashMap<>(plan.assignment(0));
        values.put(p.path, value);
        checks.add(new SweepDecision.Check(p.path, value, SweepRuns.build(sweep, 0, values)));
      }
    }
    return checks;
  }

  private static List<JsonNode> candidates(SweepParameter p) {
    if (p.values != null) {
      return p.values;
    }
    if (SweepPaths.kindOf(p.path) == SweepPaths.Kind.INTEGER) {
      return List.of(
          LongNode.valueOf((long) Math.ceil(p.range.min)),
          LongNode.valueOf((long) Math.floor(p.range.max)));
    }
    return List.of(DoubleNode.valueOf(p.range.min), DoubleNode.valueOf(p.range.max));
  }

  /** The next runs of the plan while fewer than parallelRuns are unfinished, a batch at most. */
  private static List<SweepRanking.Entry> next(
      TrainingSweep sweep, SweepPlan plan, List<SweepRanking.Entry> runs, int created) {
    long unfinished =
        runs.stream()
            .filter(
                e -> e.run().getStatus() == null || !Phases.isTerminal(e.run().getStatus().phase))
            .count();
    List<SweepRanking.Entry> next = new ArrayList<>();
    Search search = Search.of(sweep, runs);
    for (int i = created;
        i < plan.runs()
            && next.size() < BATCH
            && unfinished + next.size() < SweepRuns.parallelRuns(sweep);
        i++) {
      Map<String, JsonNode> values = search == null ? plan.assignment(i) : search.suggest(i);
      next.add(new SweepRanking.Entry(i, SweepRuns.build(sweep, i, values), values));
    }
    return next;
  }

  /**
   * A tpe sweep's search: the sampler and what the runs recorded, each suggestion then counted as
   * running, so runs created side by side differ.
   */
  private record Search(
      TpeSampler sampler, List<TpeSampler.Run> finished, List<TpeSampler.Run> pending) {
    static Search of(TrainingSweep sweep, List<SweepRanking.Entry> runs) {
      TrainingSweepSpec spec = sweep.getSpec();
      if (spec.algorithm != SweepAlgorithm.tpe) {
        return null;
      }
      String metric = SweepRanking.metric(spec.objective);
      ObjectiveGoal goal = SweepRanking.goal(spec.objective);
      List<TpeSampler.Run> finished = new ArrayList<>();
      List<TpeSampler.Run> pending = new ArrayList<>();
      for (SweepRanking.Entry e : runs) {
        String phase = e.run().getStatus() == null ? null : e.run().getStatus().phase;
        if (Phases.isTerminal(phase)) {
          Double value =
              Phases.SUCCEEDED.equals(phase) ? SweepRanking.value(e.run(), metric) : null;
          finished.add(TpeSampler.Run.finished(e.index(), e.parameters(), value));
        } else {
          pending.add(TpeSampler.Run.pending(e.index(), e.parameters()));
        }
      }
      TpeSampler sampler = new TpeSampler(spec.parameters, spec.seed == null ? 1 : spec.seed, goal);
      return new Search(sampler, finished, pending);
    }

    Map<String, JsonNode> suggest(int index) {
      Map<String, JsonNode> values = sampler.suggest(index, finished, pending);
      pending.add(TpeSampler.Run.pending(index, values));
      return values;
    }
  }
}
