package io.neuralforge.operator.trainingsweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.SweepResult;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.api.v1alpha1.TrainingSweepStatus;
import io.neuralforge.operator.cache.CachedForm;
import io.neuralforge.operator.events.EventSink;
import io.neuralforge.operator.metrics.OperatorMetrics;
import io.neuralforge.operator.status.BoundedText;
import io.neuralforge.operator.status.PhaseChange;
import io.neuralforge.operator.status.StatusPatches;
import io.neuralforge.operator.workload.CreateOnce;
import io.neuralforge.operator.workload.NameTakenException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a TrainingSweep: checks its parameters with the API server before the first run, creates
 * runs from the template a few at a time while fewer than parallelRuns are unfinished and the plan
 * has more, and ranks them by the objective their status reports. The runs are owned by the sweep,
 * so deleting it deletes them; a run of the same name the sweep did not create is never taken for
 * one of its own.
 */
@ControllerConfiguration(name = TrainingSweepReconciler.NAME)
public final class TrainingSweepReconciler implements Reconciler<TrainingSweep> {
  public static final String NAME = "trainingsweep";

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
            .withLabelSelector(Labels.SWEEP)
            .withItemStore(CachedForm.<TrainingRun>store(context, r -> r))
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(TrainingSweep.class))
            .build();
    return List.of(new InformerEventSource<>(runs, context));
  }

  /**
   * Reads the sweep's runs from the informer, decides which to check and create, acts, and writes
   * the status of what it found and did.
   */
  @Override
  public UpdateControl<TrainingSweep> reconcile(
      TrainingSweep sweep, Context<TrainingSweep> context) {
    SweepDecision decision =
        SweepDecisions.decide(sweep, context.getSecondaryResources(TrainingRun.class));
    List<SweepRanking.Entry> runs = new ArrayList<>(decision.runs());
    SweepStatusBuilder.Problem problem =
        decision.problem() != null ? decision.problem() : act(sweep, decision, runs, context);
    int created = decision.created() + runs.size() - decision.runs().size();
    TrainingSweepStatus status =
        SweepStatusBuilder.build(
            new SweepStatusBuilder.Facts(
                sweep, runs, created, decision.planned(), problem, clock.instant()));
    return finish(sweep, sweep.getStatus(), status);
  }

  /**
   * Offers the checks to the API server, then creates the runs, each added to {@code runs}; the
   * first refusal stops both and is the sweep's problem.
   */
  private SweepStatusBuilder.Problem act(
      TrainingSweep sweep,
      SweepDecision decision,
      List<SweepRanking.Entry> runs,
      Context<TrainingSweep> context) {
    SweepStatusBuilder.Problem refused =
        ParameterChecks.firstRefusal(context.getClient(), decision.checks());
    if (refused != null) {
      return refused;
    }
    decision.judgements().forEach(j -> carryOut(sweep, j, context));
    for (SweepRanking.Entry next : decision.toCreate()) {
      TrainingRun run;
      try {
        run = CreateOnce.createWatched(context, sweep, next.run());
      } catch (NameTakenException taken) {
        run = (TrainingRun) taken.existing(); // whose it is, and so what to do, is decided below
      } catch (KubernetesClientException e) {
        if (e.getCode() != 422) {
          throw e;
        }
        return new SweepStatusBuilder.Problem(
            Reasons.INVALID_PARAMETER,
            "run "
                + next.run().getMetadata().getName()
                + " is refused: "
                + e.getStatus().getMessage());
      }
      switch (SweepRuns.holder(run, sweep)) {
        case LEAVING:
          return null; // created next time: its deletion brings the next reconcile
        case SOMEONE_ELSE:
          return new SweepStatusBuilder.Problem(
              Reasons.RUN_NAME_TAKEN,
              "run "
                  + run.getMetadata().getName()
                  + " exists and is not this sweep's (no owner reference to its uid): delete it"
                  + " and change the sweep's spec, or name the sweep otherwise");
        case THIS_SWEEP:
          break;
      }
      runs.add(new SweepRanking.Entry(next.index(), run, next.parameters()));
      events.emit(
          sweep,
          EventSink.NORMAL,
          Reasons.RUN_CREATED,
          "created " + run.getMetadata().getName() + " with " + describe(next.parameters()));
      metrics.sweepRunCreated();
    }
    return null;
  }

  /**
   * Records a run's rungs and asks it to stop, in one patch of the run, which must still be the one
   * judged (its uid): a run deleted and created again meanwhile is left alone.
   */
  private void carryOut(
      TrainingSweep sweep, EarlyStoppingJudge.Judgement judgement, Context<TrainingSweep> context) {
    TrainingRun run = judgement.run();
    try {
      TrainingRun patched =
          context
              .getClient()
              .resources(TrainingRun.class)
              .inNamespace(run.getMetadata().getNamespace())
              .withName(run.getMetadata().getName())
              .patch(PatchContext.of(PatchType.JSON_MERGE), RunStopPatch.of(judgement));
      // the next reconcile reads the judgement from the cache, so no epoch is judged twice
      for (var source : context.eventSourceRetriever().getEventSourcesFor(TrainingRun.class)) {
        if (source instanceof InformerEventSource<?, ?> informer) {
          @SuppressWarnings("unchecked")
          var runs = (InformerEventSource<TrainingRun, TrainingSweep>) informer;
          runs.handleRecentResourceUpdate(ResourceID.fromResource(sweep), patched, run);
        }
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || e.getCode() == 409 || e.getCode() == 422) {
        return; // gone or replaced: its deletion or the new run brings the next reconcile
      }
      throw e;
    }
    if (judgement.stop() != null) {
      events.emit(
          sweep,
          EventSink.NORMAL,
          Reasons.RUN_STOPPED,
          "stopping " + run.getMetadata().getName() + ": " + judgement.stop());
    }
  }

  private static String describe(Map<String, JsonNode> values) {
    List<String> parts = new ArrayList<>();
    values.forEach(
        (path, value) ->
            parts.add(path + "=" + BoundedText.cut(String.valueOf(value), BoundedText.QUOTED)));
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
          Reasons.NEW_BEST,
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
