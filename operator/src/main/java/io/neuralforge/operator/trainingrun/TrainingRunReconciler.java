package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.TrainerStatusFields;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.events.AnnouncedReports;
import io.neuralforge.operator.events.EventSink;
import io.neuralforge.operator.metrics.OperatorMetrics;
import io.neuralforge.operator.status.StatusPatches;
import io.neuralforge.operator.status.UnrunnableSpecException;
import io.neuralforge.operator.trainingrun.budget.NodeGpuTypes;
import io.neuralforge.operator.trainingrun.budget.PodDepartures;
import io.neuralforge.operator.trainingrun.objects.GpuPlacement;
import io.neuralforge.operator.trainingrun.objects.TrainingRunObjects;
import io.neuralforge.operator.workload.CreateOnce;
import io.neuralforge.operator.workload.NameTakenException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each TrainingRun into a trainer Job and follows it: waits for a Valid Architecture,
 * snapshots it, gives the trainer its own ServiceAccount, creates the Job once, then maps the Job
 * and its pods to the run's status. The builders decide; this class only sequences them.
 */
// not generation-aware: a status written by another hand (the trainer's token) is re-derived at
// once
@ControllerConfiguration(
    name = TrainingRunReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = RunUpdateFilter.class))
public final class TrainingRunReconciler implements Reconciler<TrainingRun> {
  public static final String NAME = "trainingrun";

  private static final Logger LOG = LoggerFactory.getLogger(TrainingRunReconciler.class);

  private final AnnouncedReports trackingWarnings = new AnnouncedReports();

  private final OperatorSettings settings;
  private final EventSink events;
  private final OperatorMetrics metrics;
  private final Clock clock;

  /** The operator's own namespace, where the GPU ledgers live. */
  private final String ledgerHome;

  private final PodDepartures departures = new PodDepartures();

  /** Built with the first reconcile's client, then kept: it remembers the nodes it read. */
  private volatile NodeGpuTypes nodes;

  /**
   * @param ledgerHome the operator's own namespace, where it keeps the namespaces' GPU ledgers
   */
  public TrainingRunReconciler(
      OperatorSettings settings,
      EventSink events,
      OperatorMetrics metrics,
      Clock clock,
      String ledgerHome) {
    this.settings = settings;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.ledgerHome = ledgerHome;
  }

  @Override
  public List<EventSource<?, TrainingRun>> prepareEventSources(
      EventSourceContext<TrainingRun> context) {
    metrics.watch(NAME, () -> context.getPrimaryCache().list());
    return RunWatches.of(context, ledgerHome, departures, clock);
  }

  /**
   * Records what a GPU run's namespace used in its ledger, gathers the facts from the informers,
   * decides, reserves the GPU-hours of a GPU run about to start (deciding again on the ledger as
   * that left it), acts on the decision, writes the status.
   */
  @Override
  public UpdateControl<TrainingRun> reconcile(TrainingRun run, Context<TrainingRun> context) {
    Instant now = clock.instant();
    RunLedger ledger = GpuPlacement.gpus(run) > 0 ? ledger(context) : null;
    RunFacts facts =
        RunFacts.gather(
            run,
            context,
            settings,
            ledger == null ? null : ledger.record(run.getMetadata().getNamespace(), now),
            now);
    RunDecision decision = RunDecisions.decide(facts);
    if (decision.reserveFirst()) {
      // two runs deciding at once on the same last hour: the ledger's version lets one reserve it
      facts = facts.withLedger(ledger.reserve(facts));
      decision = RunDecisions.decide(facts);
    }
    try {
      act(facts, decision, context);
    } catch (NameTakenException taken) {
      decision = RunDecisions.nameTaken(facts, taken.getMessage());
    }
    announce(run, run.getStatus(), decision.status());
    announceTracking(run, context);
    UpdateControl<TrainingRun> control = statusUpdate(run, run.getStatus(), decision.status());
    if (decision.lookAgainIn() != null) {
      control.rescheduleAfter(decision.lookAgainIn());
    }
    return control;
  }

  /** The GPU ledgers as this reconcile reads and writes them. */
  private RunLedger ledger(Context<TrainingRun> context) {
    if (nodes == null) {
      nodes = new NodeGpuTypes(context.getClient(), settings);
    }
    return new RunLedger(context, ledgerHome, departures, nodes, metrics);
  }

  private void act(RunFacts facts, RunDecision decision, Context<TrainingRun> context) {
    TrainingRun run = facts.run();
    if (decision.start() != null) {
      Job job = start(run, decision.start(), context);
      // the start is the Job's, to the second, from this status on: not the clock's of this moment
      RunStatusBuilder.startedBy(decision.status(), job);
    }
    if (decision.suspend() != null) {
      TrainerJobs.suspend(context.getClient(), facts.job(), decision.suspend());
    }
    if (decision.stop()) {
      TrainerJobs.stop(context.getClient(), facts.job(), decision.status());
    }
    if (decision.deleteJob()) {
      TrainerJobs.delete(context.getClient(), facts.job());
    }
  }

  /**
   * The run starts: its graph snapshot as the Architecture is now, the trainer's identity, then the
   * Job, created last so that all it mounts exists.
   */
  private Job start(TrainingRun run, TrainingRunObjects objects, Context<TrainingRun> context) {
    Job job = CreateOnce.createJob(context, run, objects);
    events.emit(
        run,
        EventSink.NORMAL,
        Reasons.JOB_CREATED,
        "created trainer Job " + job.getMetadata().getName() + " for graph " + objects.graphHash());
    LOG.info(
        "[{}/{}] created Job {}",
        run.getMetadata().getNamespace(),
        run.getMetadata().getName(),
        job.getMetadata().getName());
    return job;
  }

  private void announce(TrainingRun run, TrainingRunStatus previous, TrainingRunStatus status) {
    RunAnnouncements.change(previous, status)
        .ifPresent(
            change -> {
              if (Phases.RUNNING.equals(change.after())) {
                metrics.runStarted(run.getMetadata().getCreationTimestamp(), clock.instant());
              }
              RunAnnouncements.of(change, status)
                  .ifPresent(a -> events.emit(run, a.type(), a.reason(), a.message()));
            });
  }

  /**
   * The trainer's word that its tracking server failed it (status.tracking.warning), once each time
   * it changes, in this process: training went on without tracking.
   */
  private void announceTracking(TrainingRun run, Context<TrainingRun> context) {
    var tracking = run.getStatus() == null ? null : run.getStatus().tracking;
    if (tracking != null
        && tracking.warning != null
        && trackingWarnings.isNew(run.getMetadata().getUid(), tracking.warning)) {
      events.emit(run, EventSink.WARNING, Reasons.TRACKING_FAILED, tracking.warning);
      trackingWarnings.forgetGone(context.getPrimaryCache());
    }
  }

  /** One status write, only when what the operator owns changed. */
  private static UpdateControl<TrainingRun> statusUpdate(
      TrainingRun run, TrainingRunStatus previous, TrainingRunStatus status) {
    return StatusPatches.same(previous, status, TrainerStatusFields.ALL)
        ? UpdateControl.noUpdate()
        : UpdateControl.patchStatus(StatusPatches.statusOnly(run, status, TrainingRun::new));
  }

  /** What retrying cannot cure becomes the run's Failed condition; anything else is retried. */
  @Override
  public ErrorStatusUpdateControl<TrainingRun> updateErrorStatus(
      TrainingRun run, Context<TrainingRun> context, Exception e) {
    UnrunnableSpecException unrunnable = UnrunnableSpecException.in(e);
    if (unrunnable == null) {
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    TrainingRunStatus status =
        RunStatusBuilder.unrunnable(
            run, Reasons.INVALID_SPEC, unrunnable.getMessage(), clock.instant());
    announce(run, run.getStatus(), status);
    return ErrorStatusUpdateControl.patchStatus(
            StatusPatches.statusOnly(run, status, TrainingRun::new))
        .withNoRetry();
  }
}
