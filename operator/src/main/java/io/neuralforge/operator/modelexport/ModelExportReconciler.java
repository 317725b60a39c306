package io.neuralforge.operator.modelexport;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.ModelExportStatus;
import io.neuralforge.api.v1alpha1.OutputLocation;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.events.EventSink;
import io.neuralforge.operator.metrics.OperatorMetrics;
import io.neuralforge.operator.status.StatusPatches;
import io.neuralforge.operator.trainingrun.TrainerOutput;
import io.neuralforge.operator.workload.CreateOnce;
import io.neuralforge.operator.workload.References;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

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
    References.index(context, BY_RUN, e -> e.getSpec().trainingRunRef.name);
    var jobs =
        InformerEventSourceConfiguration.from(Job.class, ModelExport.class)
            .withLabelSelector(ExportObjects.LABEL)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ModelExport.class))
            .build();
    var runs =
        InformerEventSourceConfiguration.from(TrainingRun.class, ModelExport.class)
            .withSecondaryToPrimaryMapper(
                References.<ModelExport, TrainingRun>referrers(context, BY_RUN))
            .build();
    return List.of(
        new InformerEventSource<>(jobs, context), new InformerEventSource<>(runs, context));
  }

  @Override
  public UpdateControl<ModelExport> reconcile(ModelExport export, Context<ModelExport> context) {
    KubernetesClient client = context.getClient();
    String namespace = export.getMetadata().getNamespace();
    ModelExportStatus previous = export.getStatus();
    Job job = context.getSecondaryResource(Job.class).orElse(null);
    TrainingRun run =
        client
            .resources(TrainingRun.class)
            .inNamespace(namespace)
            .withName(export.getSpec().trainingRunRef.name)
            .get();
    OutputLocation output = run == null ? null : TrainerOutput.resolve(run, settings);
    String storageProblem =
        run == null || output != null
            ? null
            : "TrainingRun "
                + run.getMetadata().getName()
                + " kept its output only inside its pod (no spec.output and no operator default):"
                + " there is no model to export";
    boolean finished =
        previous != null
            && (ExportStatusBuilder.SUCCEEDED.equals(previous.phase)
                || ExportStatusBuilder.FAILED.equals(previous.phase));
    boolean runSucceeded =
        run != null && run.getStatus() != null && "Succeeded".equals(run.getStatus().phase);
    if (job == null && !finished && runSucceeded && output != null) {
      ExportObjects objects = ExportObjects.build(export, run, output, settings);
      objects.all().stream()
          .limit(objects.all().size() - 1)
          .forEach(o -> CreateOnce.createIfAbsent(client, o));
      job = CreateOnce.createIfAbsent(client, objects.job());
      events.emit(
          export,
          EventSink.NORMAL,
          "JobCreated",
          "created export Job " + job.getMetadata().getName() + " for " + objects.artifactUri());
    }
    ModelExportStatus status =
        ExportStatusBuilder.build(export, run, storageProblem, job, clock.instant());
    String before = previous == null ? null : previous.phase;
    if (!Objects.equals(before, status.phase)
        && (ExportStatusBuilder.FAILED.equals(status.phase)
            || ExportStatusBuilder.SUCCEEDED.equals(status.phase))) {
      var c =
          status.conditions.stream()
              .filter(x -> x.getType().equals(status.phase))
              .findFirst()
              .orElseThrow();
      if (ExportStatusBuilder.SUCCEEDED.equals(status.phase)
          || "ValidationFailed".equals(c.getReason())) {
        metrics.exportValidated(ExportStatusBuilder.SUCCEEDED.equals(status.phase));
      }
      events.emit(
          export,
          ExportStatusBuilder.FAILED.equals(status.phase) ? EventSink.WARNING : EventSink.NORMAL,
          c.getReason(),
          c.getMessage());
    }
    return StatusPatches.same(previous, status, "artifact", "validation")
        ? UpdateControl.noUpdate()
        : UpdateControl.patchStatus(StatusPatches.statusOnly(export, status, ModelExport::new));
  }
}
