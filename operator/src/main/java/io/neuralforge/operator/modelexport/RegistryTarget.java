package io.neuralforge.operator.modelexport;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.neuralforge.api.v1alpha1.MlflowRegistry;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.trainingrun.objects.TrackingTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The MLflow Model Registry an export is registered in (docs/serving.md, "The registry"):
 * spec.registry.mlflow.uri, else the operator's mlflowTrackingUri; none, no registration. On the
 * operator's server, shared by every namespace, the model is {@code <namespace>.<name>} and the
 * export's own MLflow run goes to the namespace's experiment, so no namespace adds versions to
 * another's model. The model is logged under the TrainingRun's own MLflow run when the run was
 * tracked on the same server (the exporter checks that run is in the run's experiment). Pure.
 *
 * @param trainingRunId the TrainingRun's MLflow run id, or null: the exporter makes a run
 */
public record RegistryTarget(String uri, String model, String experiment, String trainingRunId) {
  public static final String URI_ENV = "NEURALFORGE_REGISTRY_URI";
  public static final String MODEL_ENV = "NEURALFORGE_REGISTRY_MODEL";
  public static final String EXPERIMENT_ENV = "NEURALFORGE_REGISTRY_EXPERIMENT";
  public static final String RUN_ID_ENV = "NEURALFORGE_REGISTRY_RUN_ID";

  /** Where the export is registered, or null when neither it nor the operator names a server. */
  public static RegistryTarget of(ModelExport export, TrainingRun run, OperatorSettings settings) {
    var registry = export.getSpec().registry;
    MlflowRegistry mlflow = registry == null ? null : registry.mlflow;
    String shared = settings.mlflowTrackingUri();
    String uri = mlflow != null && !blank(mlflow.uri) ? mlflow.uri.strip() : shared;
    if (uri == null) {
      return null;
    }
    String namespace = Objects.requireNonNullElse(export.getMetadata().getNamespace(), "default");
    String name =
        mlflow != null && !blank(mlflow.name) ? mlflow.name : ExportObjects.modelName(export);
    boolean onShared = shared != null && TrackingTarget.sameServer(uri, shared);
    TrackingTarget tracking = run == null ? null : TrackingTarget.of(run, settings);
    boolean trackedHere = tracking != null && TrackingTarget.sameServer(uri, tracking.uri());
    String runId =
        trackedHere && run.getStatus() != null && run.getStatus().tracking != null
            ? run.getStatus().tracking.mlflowRunId
            : null;
    return new RegistryTarget(
        uri,
        onShared ? namespace + "." + name : name,
        trackedHere ? tracking.experiment() : namespace,
        blank(runId) ? null : runId);
  }

  /** Whether the export asks for a registry that neither it nor the operator names. */
  public static boolean unreachable(ModelExport export, OperatorSettings settings) {
    var registry = export.getSpec().registry;
    return registry != null
        && registry.mlflow != null
        && blank(registry.mlflow.uri)
        && settings.mlflowTrackingUri() == null;
  }

  /** The exporter's environment that says so. */
  public List<EnvVar> env() {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar(URI_ENV, uri, null));
    env.add(new EnvVar(MODEL_ENV, model, null));
    env.add(new EnvVar(EXPERIMENT_ENV, experiment, null));
    if (trainingRunId != null) {
      env.add(new EnvVar(RUN_ID_ENV, trainingRunId, null));
    }
    return env;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
