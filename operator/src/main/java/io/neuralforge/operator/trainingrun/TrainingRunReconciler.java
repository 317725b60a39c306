package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.events.EventSink;
import io.neuralforge.operator.metrics.OperatorMetrics;
import io.neuralforge.operator.status.StatusPatches;
import io.neuralforge.operator.status.Unreadable;
import io.neuralforge.operator.status.UnrunnableSpecException;
import io.neuralforge.operator.workload.CreateOnce;
import io.neuralforge.operator.workload.References;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each TrainingRun into a trainer Job and follows it: waits for a Valid Architecture,
 * snapshots it, gives the trainer its own ServiceAccount, creates the Job once, then maps the Job
 * and its pods to the run's status. The builders decide; this class only sequences them.
 */
@ControllerConfiguration(name = TrainingRunReconciler.NAME)
public final class TrainingRunReconciler implements Reconciler<TrainingRun> {
  public static final String NAME = "trainingrun";
  private static final String BY_ARCHITECTURE = "architecture";

  /** The event of a run whose experiment tracking failed while training went on. */
  public static final String TRACKING_FAILED = "TrackingFailed";

  private final java.util.Set<String> trackingWarned =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private static final Duration BUDGET_RECHECK = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRunReconciler.class);

  private final OperatorSettings settings;
  private final EventSink events;
  private final OperatorMetrics metrics;
  private final Clock clock;

  public TrainingRunReconciler(
      OperatorSettings settings, EventSink events, OperatorMetrics metrics, Clock clock) {
    this.settings = settings;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, TrainingRun>> prepareEventSources(
      EventSourceContext<TrainingRun> context) {
    metrics.watch(NAME, () -> context.getPrimaryCache().list());
    References.index(context, BY_ARCHITECTURE, TrainingRunReconciler::architectureName);
    var jobs =
        InformerEventSourceConfiguration.from(Job.class, TrainingRun.class)
            .withLabelSelector(RunLabels.SELECTOR)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(TrainingRun.class))
            .build();
    var pods =
        InformerEventSourceConfiguration.from(Pod.class, TrainingRun.class)
            .withLabelSelector(RunLabels.SELECTOR)
            .withSecondaryToPrimaryMapper(
                (Pod pod) ->
                    Set.of(
                        new ResourceID(
                            pod.getMetadata().getLabels().get(RunLabels.RUN),
                            pod.getMetadata().getNamespace())))
            .build();
    var architectures =
        InformerEventSourceConfiguration.from(Architecture.class, TrainingRun.class)
            .withSecondaryToPrimaryMapper(
                References.<TrainingRun, Architecture>referrers(context, BY_ARCHITECTURE))
            .withPrimaryToSecondaryMapper(
                (TrainingRun run) -> References.named(architectureName(run), run))
            .build();
    return List.of(
        new InformerEventSource<>(jobs, context),
        new InformerEventSource<>(pods, context),
        new InformerEventSource<>(architectures, context));
  }

  /** The Architecture a run names; null for a run whose spec could not be read. */
  private static String architectureName(TrainingRun run) {
    return run.getSpec() == null ? null : run.getSpec().architectureRef.name;
  }

  /**
   * Reads the Job, the pods and the Architecture from the informers; starts the run when it is due;
   * keeps the Job's suspension in step; maps what it sees to the status; acts on its verdict.
   */
  @Override
  public UpdateControl<TrainingRun> reconcile(TrainingRun run, Context<TrainingRun> context) {
    TrainingRunStatus previous = run.getStatus();
    if (Unreadable.is(run)) {
      // Its Job, if any, is left as it is: nothing here can say what the run asks of it.
      TrainingRunStatus status =
          RunStatusBuilder.unrunnable(
              run, Reasons.UNREADABLE, Unreadable.message(run), clock.instant());
      announce(run, previous, status);
      return statusUpdate(run, previous, status);
    }
    Job job = context.getSecondaryResource(Job.class).orElse(null);
    Architecture architecture = context.getSecondaryResource(Architecture.class).orElse(null);
    ArchitectureReadiness readiness =
        ArchitectureReadiness.of(run.getSpec().architectureRef.name, architecture);
    boolean started = previous != null && previous.startTime != null;
    boolean finished = previous != null && Phases.isTerminal(previous.phase);
    String overBudget = null;
    if (job == null && !started && !finished && readiness.ready()) {
      overBudget = overBudget(run, context);
      if (overBudget == null) {
        job = start(run, architecture, context);
      }
    } else if (job != null && !finished) {
      TrainerJobs.syncSuspend(context.getClient(), run, job);
    }
    List<Pod> pods = List.copyOf(context.getSecondaryResources(Pod.class));
    boolean waiting = job != null && !finished && pods.isEmpty();
    boolean suspended = job != null && Boolean.TRUE.equals(job.getSpec().getSuspend());
    // Why a Job has no pod, where only the API server's events or Kueue's Workload say it.
    String refusal = waiting && !suspended ? PodRefusals.latest(context.getClient(), job) : null;
    String queueMessage =
        waiting && suspended && RunLabels.queueName(run) != null
            ? QueueMessages.of(context.getClient(), job)
            : null;
    RunSnapshot snapshot = RunSnapshot.of(job, previous);
    RunStatusBuilder.Observation observed =
        RunStatusBuilder.build(
            new RunStatusBuilder.Facts(
                run,
                readiness,
                snapshot.graphHash(),
                snapshot.name(),
                job,
                pods,
                refusal,
                overBudget,
                queueMessage,
                settings,
                clock.instant()));
    if (observed.stopReason() != null && job != null) {
      TrainerJobs.stop(context.getClient(), job, observed.status());
    }
    announce(run, previous, observed.status());
    announceTracking(run);
    UpdateControl<TrainingRun> control = statusUpdate(run, previous, observed.status());
    if (overBudget != null) {
      // the month turning, or a larger budget on the Namespace (not watched), lets it start
      control.rescheduleAfter(BUDGET_RECHECK);
    }
    Duration ttlLeft = TrainerJobs.ttlLeft(run, observed.status(), job, clock.instant());
    if (ttlLeft != null && ttlLeft.isZero()) {
      TrainerJobs.delete(context.getClient(), job);
    } else if (ttlLeft != null) {
      control.rescheduleAfter(ttlLeft);
    }
    return control;
  }

  /** Why a GPU run may not start under its namespace's GPU-hour budget; null when it may. */
  private String overBudget(TrainingRun run, Context<TrainingRun> context) {
    var gpu = run.getSpec().resources == null ? null : run.getSpec().resources.gpu;
    if (GpuPlacement.of(gpu, settings.gpuNodeLabels()).gpus() == 0) {
      return null;
    }
    String namespace = run.getMetadata().getNamespace();
    return GpuBudgets.exhausted(
        context.getClient().namespaces().withName(namespace).get(),
        context.getPrimaryCache().list(namespace).toList(),
        clock.instant());
  }

  /**
   * The run starts: its graph snapshot as the Architecture is now, the trainer's identity, then the
   * Job, created last so that all it mounts exists.
   */
  private Job start(TrainingRun run, Architecture architecture, Context<TrainingRun> context) {
    TrainingRunObjects objects = TrainingRunObjects.build(run, architecture, settings);
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
              } else if (change.finished()) {
                metrics.runFinished(
                    run.getMetadata().getNamespace(), GpuPlacement.typeName(run), status.gpuHours);
              }
              RunAnnouncements.of(change, status)
                  .ifPresent(a -> events.emit(run, a.type(), a.reason(), a.message()));
            });
  }

  /**
   * The trainer's word that its tracking server failed it (status.tracking.warning), once per run
   * and warning in this process: training went on without tracking.
   */
  private void announceTracking(TrainingRun run) {
    var tracking = run.getStatus() == null ? null : run.getStatus().tracking;
    if (tracking != null
        && tracking.warning != null
        && trackingWarned.add(run.getMetadata().getUid() + "/" + tracking.warning)) {
      events.emit(run, EventSink.WARNING, TRACKING_FAILED, tracking.warning);
    }
  }

  /** One status write, only when it changed; a pending run wakes up for its deadline. */
  private UpdateControl<TrainingRun> statusUpdate(
      TrainingRun run, TrainingRunStatus previous, TrainingRunStatus status) {
    UpdateControl<TrainingRun> control =
        StatusPatches.same(
                previous,
                status,
                "progress",
                "metrics",
                "history",
                "tracking",
                "reproducibility.datasetDigest",
                "reproducibility.device")
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(StatusPatches.statusOnly(run, status, TrainingRun::new));
    if (Phases.PENDING.equals(status.phase) && status.jobName != null) {
      // nothing else wakes the run when its pending deadline passes, nor when Kueue's message
      // or the API server's refusal of its pod changes (neither is watched)
      long deadline = PodReading.PendingDeadline.seconds(run, settings);
      long wait = Math.max(1, Math.min(status.podName == null ? 5 : 60, deadline / 2));
      control.rescheduleAfter(Duration.ofSeconds(wait));
    }
    return control;
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
