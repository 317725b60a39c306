package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.events.EventSink;
import io.neuralforge.operator.metrics.OperatorMetrics;
import io.neuralforge.operator.status.StatusPatches;
import io.neuralforge.operator.workload.CreateOnce;
import io.neuralforge.operator.workload.References;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
    References.index(context, BY_ARCHITECTURE, run -> run.getSpec().architectureRef.name);
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
            .build();
    return List.of(
        new InformerEventSource<>(jobs, context),
        new InformerEventSource<>(pods, context),
        new InformerEventSource<>(architectures, context));
  }

  @Override
  public UpdateControl<TrainingRun> reconcile(TrainingRun run, Context<TrainingRun> context) {
    KubernetesClient client = context.getClient();
    String namespace = run.getMetadata().getNamespace();
    TrainingRunStatus previous = run.getStatus();
    Job job = context.getSecondaryResource(Job.class).orElse(null);
    boolean started = previous != null && previous.startTime != null;
    if (job == null && started) {
      // the informer may not have seen a Job created moments ago: ask before concluding it is gone
      job = client.batch().v1().jobs().inNamespace(namespace).withName(RunNames.job(run)).get();
    }
    String architectureName = run.getSpec().architectureRef.name;
    Architecture architecture =
        client
            .resources(Architecture.class)
            .inNamespace(namespace)
            .withName(architectureName)
            .get();
    ArchitectureReadiness readiness = ArchitectureReadiness.of(architectureName, architecture);

    String snapshotName = snapshotOf(job, previous);
    String graphHash = graphHashOf(job, previous);
    boolean finished = previous != null && RunStatusBuilder.isTerminal(previous.phase);
    if (job == null && !started && !finished && readiness.ready()) {
      // The run starts now: snapshot the graph as it is, give the trainer its identity, then the
      // Job, which is created last so that all it mounts exists.
      TrainingRunObjects objects = TrainingRunObjects.build(run, architecture, settings);
      graphHash = objects.graphHash();
      snapshotName = objects.snapshot().getMetadata().getName();
      CreateOnce.createIfAbsent(client, objects.snapshot());
      objects.access().forEach(o -> CreateOnce.createIfAbsent(client, o));
      job = CreateOnce.createIfAbsent(client, objects.job());
      events.emit(
          run,
          EventSink.NORMAL,
          "JobCreated",
          "created trainer Job " + job.getMetadata().getName() + " for graph " + graphHash);
      LOG.info(
          "[{}/{}] created Job {}",
          namespace,
          run.getMetadata().getName(),
          job.getMetadata().getName());
    } else if (job != null && !finished) {
      TrainerJobs.syncSuspend(client, run, job);
    }
    List<Pod> pods = List.copyOf(context.getSecondaryResources(Pod.class));
    RunStatusBuilder.Observation observed =
        RunStatusBuilder.build(
            new RunStatusBuilder.Facts(
                run, readiness, graphHash, snapshotName, job, pods, settings, clock.instant()));
    TrainingRunStatus status = observed.status();
    if (observed.stopReason() != null && job != null) {
      TrainerJobs.stop(client, job, observed.status());
    }
    announce(run, previous, status);
    UpdateControl<TrainingRun> control =
        StatusPatches.same(previous, status, "progress", "metrics", "reproducibility.datasetDigest")
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(StatusPatches.statusOnly(run, status, TrainingRun::new));
    if (RunStatusBuilder.PENDING.equals(status.phase) && job != null) {
      // nothing else wakes the run when its pending deadline passes
      long deadline = RunStatusBuilder.pendingDeadlineSeconds(run, settings);
      control.rescheduleAfter(Duration.ofSeconds(Math.max(1, Math.min(60, deadline / 2))));
    }
    return control;
  }

  /** The snapshot a started run trains: the one its Job mounts, else the one recorded in status. */
  private static String snapshotOf(Job job, TrainingRunStatus previous) {
    if (job != null) {
      for (Volume v : job.getSpec().getTemplate().getSpec().getVolumes()) {
        if (v.getConfigMap() != null && "snapshot".equals(v.getName())) {
          return v.getConfigMap().getName();
        }
      }
    }
    return previous != null && previous.reproducibility != null
        ? previous.reproducibility.architectureSnapshot
        : null;
  }

  /** The graph a started run trains: as recorded on its Job, else in status. */
  private static String graphHashOf(Job job, TrainingRunStatus previous) {
    if (job != null && job.getMetadata().getAnnotations() != null) {
      String hash = job.getMetadata().getAnnotations().get(SnapshotBuilder.GRAPH_HASH_ANNOTATION);
      if (hash != null) {
        return hash;
      }
    }
    return previous != null && previous.reproducibility != null
        ? previous.reproducibility.architectureGraphHash
        : null;
  }

  private void announce(TrainingRun run, TrainingRunStatus previous, TrainingRunStatus status) {
    String before = previous == null ? null : previous.phase;
    if (Objects.equals(before, status.phase)) {
      return;
    }
    var condition =
        status.conditions.stream().filter(c -> c.getType().equals(status.phase)).findFirst();
    String reason = condition.map(c -> c.getReason()).orElse(status.phase);
    String message = condition.map(c -> c.getMessage()).orElse("");
    if (RunStatusBuilder.RUNNING.equals(status.phase)) {
      metrics.runStarted(run.getMetadata().getCreationTimestamp(), clock.instant());
    } else if (RunStatusBuilder.isTerminal(status.phase)) {
      var gpu = run.getSpec().resources == null ? null : run.getSpec().resources.gpu;
      metrics.runFinished(
          gpu == null || gpu.type == null ? "none" : gpu.type.wireName(), status.gpuHours);
    }
    switch (status.phase) {
      case RunStatusBuilder.FAILED -> events.emit(run, EventSink.WARNING, reason, message);
      case RunStatusBuilder.SUCCEEDED, RunStatusBuilder.RUNNING, RunStatusBuilder.SUSPENDED ->
          events.emit(run, EventSink.NORMAL, reason, message);
      default -> {
        if (!RunStatusBuilder.PENDING.equals(before)) {
          var ready = status.conditions.get(0);
          if ("False".equals(ready.getStatus())) {
            events.emit(run, EventSink.NORMAL, ready.getReason(), ready.getMessage());
          }
        }
      }
    }
  }
}
