package io.neuralforge.operator.modelexport;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.ModelExportStatus;
import io.neuralforge.api.v1alpha1.OutputLocation;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.cache.CachedForm;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.events.AnnouncedReports;
import io.neuralforge.operator.events.EventSink;
import io.neuralforge.operator.metrics.OperatorMetrics;
import io.neuralforge.operator.status.PhaseChange;
import io.neuralforge.operator.status.StatusPatches;
import io.neuralforge.operator.status.Unreadable;
import io.neuralforge.operator.trainingrun.objects.TrainerOutput;
import io.neuralforge.operator.workload.CreateOnce;
import io.neuralforge.operator.workload.Owners;
import io.neuralforge.operator.workload.PodAllowListCheck;
import io.neuralforge.operator.workload.References;
import java.time.Clock;
import java.util.List;

/**
 * Turns each ModelExport into an export Job once its TrainingRun has Succeeded, and follows it. The
 * exporter writes status.artifact and status.validation itself; the operator owns the rest.
 */
@ControllerConfiguration(name = ModelExportReconciler.NAME)
public final class ModelExportReconciler implements Reconciler<ModelExport> {
  public static final String NAME = "modelexport";
  private static final String BY_RUN = "trainingrun";

  private final OperatorSettings settings;
  private final EventSink events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final AnnouncedReports registryReports = new AnnouncedReports();

  public ModelExportReconciler(
      OperatorSettings settings, EventSink events, OperatorMetrics metrics, Clock clock) {
    this.settings = settings;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, ModelExport>> prepareEventSources(
      EventSourceContext<ModelExport> context) {
    References.index(context, BY_RUN, ModelExportReconciler::runName);
    var jobs =
        InformerEventSourceConfiguration.from(Job.class, ModelExport.class)
            .withLabelSelector(Labels.MODEL_EXPORT)
            .withItemStore(CachedForm.store(context, CachedForm::job))
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ModelExport.class))
            .build();
    var runs =
        InformerEventSourceConfiguration.from(TrainingRun.class, ModelExport.class)
            .withItemStore(CachedForm.store(context, CachedForm::withoutHistory))
            .withSecondaryToPrimaryMapper(
                References.<ModelExport, TrainingRun>referrers(context, BY_RUN))
            .withPrimaryToSecondaryMapper((ModelExport e) -> References.named(runName(e), e))
            .build();
    return List.of(
        new InformerEventSource<>(jobs, context), new InformerEventSource<>(runs, context));
  }

  /** The run an export names; null for an export whose spec could not be read. */
  private static String runName(ModelExport export) {
    return export.getSpec() == null ? null : export.getSpec().trainingRunRef.name;
  }

  /**
   * Reads the Job and the TrainingRun from the informers; creates the export Job once the run has
   * Succeeded with its output kept; maps what it sees to the status.
   */
  @Override
  public UpdateControl<ModelExport> reconcile(ModelExport export, Context<ModelExport> context) {
    ModelExportStatus previous = export.getStatus();
    if (Unreadable.is(export)) {
      ModelExportStatus status =
          ExportStatusBuilder.unreadable(export, Unreadable.message(export), clock.instant());
      return finish(export, previous, status);
    }
    // by uid: an earlier export's Job of the same name is not this one's
    Job job =
        context.getSecondaryResources(Job.class).stream()
            .filter(j -> Owners.controlledBy(j, export.getMetadata().getUid()))
            .findFirst()
            .orElse(null);
    // from the spec on every reconcile until a Job exists: a refused spec.pod never gets one
    String refused =
        job == null
            ? PodAllowListCheck.refusal(export.getSpec().pod, false, settings.podAllowList())
            : null;
    if (refused != null) {
      return finish(
          export,
          previous,
          ExportStatusBuilder.unrunnable(export, Reasons.INVALID_SPEC, refused, clock.instant()));
    }
    TrainingRun run = context.getSecondaryResource(TrainingRun.class).orElse(null);
    OutputLocation runOutput = run == null ? null : TrainerOutput.resolve(run, settings);
    boolean finished = previous != null && Phases.isTerminal(previous.phase);
    if (job == null && !finished && ExportStatusBuilder.readyToExport(run, runOutput)) {
      job = start(export, run, runOutput, context);
    }
    announceRegistry(export, context);
    return finish(
        export, previous, ExportStatusBuilder.build(export, run, runOutput, job, clock.instant()));
  }

  /**
   * The exporter's word on the registry (status.serving): the model version it became, or why it
   * did not (a warning: the export stands), once each in this process.
   */
  private void announceRegistry(ModelExport export, Context<ModelExport> context) {
    var serving = export.getStatus() == null ? null : export.getStatus().serving;
    if (serving == null) {
      return;
    }
    var registered = serving.registeredModel;
    String report =
        serving.registryWarning != null
            ? serving.registryWarning
            : registered == null ? null : registered.name + " version " + registered.version;
    if (report == null || !registryReports.isNew(export.getMetadata().getUid(), report)) {
      return;
    }
    if (serving.registryWarning != null) {
      events.emit(export, EventSink.WARNING, Reasons.REGISTRY_FAILED, serving.registryWarning);
    } else {
      events.emit(
          export,
          EventSink.NORMAL,
          Reasons.MODEL_REGISTERED,
          "registered as " + report + " (" + registered.uri + ")");
    }
    registryReports.forgetGone(context.getPrimaryCache());
  }

  /** Announces a finish, and writes the status when it changed. */
  private UpdateControl<ModelExport> finish(
      ModelExport export, ModelExportStatus previous, ModelExportStatus status) {
    PhaseChange.of(previous == null ? null : previous.phase, status.phase, status.conditions)
        .filter(PhaseChange::finished)
        .ifPresent(change -> announce(export, change));
    return StatusPatches.same(previous, status, "artifact", "validation", "serving")
        ? UpdateControl.noUpdate()
        : UpdateControl.patchStatus(StatusPatches.statusOnly(export, status, ModelExport::new));
  }

  private Job start(
      ModelExport export, TrainingRun run, OutputLocation runOutput, Context<ModelExport> context) {
    ExportObjects objects = ExportObjects.build(export, run, runOutput, settings);
    Job job = CreateOnce.createJob(context, export, objects);
    events.emit(
        export,
        EventSink.NORMAL,
        Reasons.JOB_CREATED,
        "created export Job " + job.getMetadata().getName() + " for " + objects.artifactUri());
    if (RegistryTarget.unreachable(export, settings)) {
      events.emit(
          export,
          EventSink.WARNING,
          Reasons.REGISTRY_FAILED,
          "spec.registry.mlflow names no uri and the operator has no mlflowTrackingUri: the export"
              + " will not be registered");
    }
    return job;
  }

  /** A finished export: an event, and the validation counted when there was one. */
  private void announce(ModelExport export, PhaseChange change) {
    if (Phases.SUCCEEDED.equals(change.after())
        || Reasons.VALIDATION_FAILED.equals(change.reason())) {
      metrics.exportValidated(Phases.SUCCEEDED.equals(change.after()));
    }
    var a = change.announcement();
    events.emit(export, a.type(), a.reason(), a.message());
  }
}
