package io.neuralforge.operator.trainingsweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.SweepParameter;
import io.neuralforge.api.v1alpha1.SweepPaths;
import io.neuralforge.api.v1alpha1.SweepResult;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.api.v1alpha1.TrainingSweepStatus;
import io.neuralforge.operator.events.EventSink;
import io.neuralforge.operator.metrics.OperatorMetrics;
import io.neuralforge.operator.status.PhaseChange;
import io.neuralforge.operator.status.StatusPatches;
import io.neuralforge.operator.status.Unreadable;
import io.neuralforge.operator.workload.CreateOnce;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a TrainingSweep: checks its parameters with the API server before the first run, creates
 * runs from the template while fewer than parallelRuns are unfinished and the plan has more, and
 * ranks them by the objective their status reports. The runs are owned by the sweep, so deleting it
 * deletes them.
 */
@ControllerConfiguration(name = TrainingSweepReconciler.NAME)
public final class TrainingSweepReconciler implements Reconciler<TrainingSweep> {
  public static final String NAME = "trainingsweep";
  public static final String RUN_CREATED = "RunCreated";
  public static final String NEW_BEST = "NewBest";

  private final EventSink events;
  private final OperatorMetrics metrics;
  private final Clock clock;

  public TrainingSweepReconciler(EventSink events, OperatorMetrics metrics, Clock clock) {
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, TrainingSweep>> prepareEventSources(
      EventSourceContext<TrainingSweep> context) {
    metrics.watch(NAME, () -> context.getPrimaryCache().list());
    var runs =
        InformerEventSourceConfiguration.from(TrainingRun.class, TrainingSweep.class)
            .withLabelSelector(SweepRuns.SWEEP)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(TrainingSweep.class))
            .build();
    return List.of(new InformerEventSource<>(runs, context));
  }

  @Override
  public UpdateControl<TrainingSweep> reconcile(
      TrainingSweep sweep, Context<TrainingSweep> context) {
    TrainingSweepStatus previous = sweep.getStatus();
    if (Unreadable.is(sweep)) {
      return cannotGoOn(sweep, previous, Reasons.UNREADABLE, Unreadable.message(sweep));
    }
    SweepPlan plan;
    try {
      plan = SweepPlan.of(sweep.getSpec());
    } catch (SweepRuns.InvalidParameterException e) {
      return cannotGoOn(sweep, previous, SweepStatusBuilder.INVALID_PARAMETER, e.getMessage());
    }
    List<SweepRanking.Entry> runs = runs(sweep, plan, context);
    int created = created(previous, runs);
    SweepStatusBuilder.Problem problem = null;
    try {
      if (created == 0) {
        problem = check(sweep, plan, context);
      }
      if (problem == null) {
        created = startRuns(sweep, plan, runs, created, context);
      }
    } catch (SweepRuns.InvalidParameterException e) {
      problem =
          new SweepStatusBuilder.Problem(SweepStatusBuilder.INVALID_PARAMETER, e.getMessage());
    }
    return finish(sweep, previous, status(sweep, runs, created, plan.runs(), problem));
  }

  /** A sweep whose spec it cannot act on: Failed, saying why; its runs are left as they are. */
  private UpdateControl<TrainingSweep> cannotGoOn(
      TrainingSweep sweep, TrainingSweepStatus previous, String reason, String message) {
    SweepStatusBuilder.Problem problem = new SweepStatusBuilder.Problem(reason, message);
    return finish(
        sweep, previous, status(sweep, List.of(), created(previous, List.of()), 0, problem));
  }

  private TrainingSweepStatus status(
      TrainingSweep sweep,
      List<SweepRanking.Entry> runs,
      int created,
      int planned,
      SweepStatusBuilder.Problem problem) {
    return SweepStatusBuilder.build(
        new SweepStatusBuilder.Facts(sweep, runs, created, planned, problem, clock.instant()));
  }

  /** The sweep's runs in the informer's cache, with their index and parameters. */
  private static List<SweepRanking.Entry> runs(
      TrainingSweep sweep, SweepPlan plan, Context<TrainingSweep> context) {
    List<SweepRanking.Entry> entries = new ArrayList<>();
    for (TrainingRun run : context.getSecondaryResources(TrainingRun.class)) {
      boolean ours =
          run.getMetadata().getOwnerReferences().stream()
              .anyMatch(o -> Objects.equals(o.getUid(), sweep.getMetadata().getUid()));
      SweepRuns.index(run)
          .filter(i -> ours)
          .ifPresent(i -> entries.add(new SweepRanking.Entry(i, run, plan.assignment(i))));
    }
    return entries;
  }

  /** Runs created so far: what status says, or more when the cache already holds later ones. */
  private static int created(TrainingSweepStatus previous, List<SweepRanking.Entry> runs) {
    int seen = runs.stream().mapToInt(e -> e.index() + 1).max().orElse(0);
    int recorded = previous == null || previous.runs == null ? 0 : previous.runs.created;
    return Math.max(seen, recorded);
  }

  /**
   * Before the first run: every value of every parameter (a range's ends), set in the first run's
   * spec and offered to the API server as a dry run, so a value the TrainingRun schema refuses
   * fails the sweep at once, naming its path.
   */
  private static SweepStatusBuilder.Problem check(
      TrainingSweep sweep, SweepPlan plan, Context<TrainingSweep> context) {
    for (SweepParameter p : sweep.getSpec().parameters) {
      for (JsonNode value : candidates(p)) {
        Map<String, JsonNode> values = new LinkedHashMap<>(plan.assignment(0));
        values.put(p.path, value);
        TrainingRun run = SweepRuns.build(sweep, 0, values);
        try {
          context.getClient().resource(run).dryRun().create();
        } catch (KubernetesClientException e) {
          if (e.getCode() == 422 || e.getCode() == 400) {
            return new SweepStatusBuilder.Problem(
                SweepStatusBuilder.INVALID_PARAMETER, refusal(p.path, value, e));
          }
          if (e.getCode() != 409) { // 409: a run of that name exists; the value passed
            throw e;
          }
        }
      }
    }
    return null;
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

  /** The API server's reason for refusing a value, in one line naming the sweep's path. */
  private static String refusal(String path, JsonNode value, KubernetesClientException e) {
    var details = e.getStatus() == null ? null : e.getStatus().getDetails();
    List<StatusCause> causes = details == null ? null : details.getCauses();
    String why =
        causes == null || causes.isEmpty()
            ? e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()
            : causes.get(0).getMessage();
    return "parameters "
        + path
        + ": value "
        + value
        + " is refused by the TrainingRun schema: "
        + why;
  }

  /** Creates the next runs of the plan while fewer than parallelRuns are unfinished. */
  private int startRuns(
      TrainingSweep sweep,
      SweepPlan plan,
      List<SweepRanking.Entry> runs,
      int created,
      Context<TrainingSweep> context) {
    long unfinished =
        runs.stream()
            .filter(
                e -> e.run().getStatus() == null || !Phases.isTerminal(e.run().getStatus().phase))
            .count();
    int parallel = SweepRuns.parallelRuns(sweep);
    while (created < plan.runs() && unfinished < parallel) {
      Map<String, JsonNode> values = plan.assignment(created);
      TrainingRun run = create(SweepRuns.build(sweep, created, values), context);
      runs.add(new SweepRanking.Entry(created, run, values));
      events.emit(
          sweep,
          EventSink.NORMAL,
          RUN_CREATED,
          "created " + run.getMetadata().getName() + " with " + describe(values));
      metrics.sweepRunCreated();
      created++;
      unfinished++;
    }
    return created;
  }

  private static TrainingRun create(TrainingRun run, Context<TrainingSweep> context) {
    TrainingRun made;
    try {
      made = CreateOnce.createIfAbsent(context.getClient(), run);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 422) {
        throw new SweepRuns.InvalidParameterException(
            "",
            "run " + run.getMetadata().getName() + " is refused: " + e.getStatus().getMessage());
      }
      throw e;
    }
    if (context.eventSourceRetriever().getEventSourceFor(TrainingRun.class)
        instanceof InformerEventSource<TrainingRun, TrainingSweep> informer) {
      informer.handleRecentResourceCreate(ResourceID.fromResource(made), made);
    }
    return made;
  }

  private static String describe(Map<String, JsonNode> values) {
    List<String> parts = new ArrayList<>();
    values.forEach((path, value) -> parts.add(path + "=" + value));
    return String.join(", ", parts);
  }

  /** Events for a new phase and a new leader; the status when it changed. */
  private UpdateControl<TrainingSweep> finish(
      TrainingSweep sweep, TrainingSweepStatus previous, TrainingSweepStatus status) {
    PhaseChange.of(previous == null ? null : previous.phase, status.phase, status.conditions)
        .ifPresent(
            change -> {
              var a = change.announcement();
              events.emit(sweep, a.type(), a.reason(), a.message());
            });
    SweepResult before = previous == null ? null : previous.best;
    if (status.best != null && (before == null || !status.best.run.equals(before.run))) {
      events.emit(
          sweep,
          EventSink.NORMAL,
          NEW_BEST,
          status.best.run
              + " leads with "
              + SweepRanking.metric(sweep.getSpec().objective)
              + " "
              + status.best.value);
    }
    return StatusPatches.same(previous, status)
        ? UpdateControl.noUpdate()
        : UpdateControl.patchStatus(StatusPatches.statusOnly(sweep, status, TrainingSweep::new));
  }
}
