package io.neuralforge.operator.trainingrun.objects;

import io.neuralforge.api.v1alpha1.MlflowTracking;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import java.util.Locale;
import java.util.Objects;

/**
 * The MLflow server and experiment a run's trainer tracks in (docs/operations.md, "Experiment
 * tracking"): spec.tracking.mlflow.uri, else the operator's mlflowTrackingUri. The operator's
 * server is shared by every namespace, so there a run's experiment is {@code
 * <namespace>/<experiment>} (just {@code <namespace>} when it names none) and no run logs into
 * another namespace's; a run's own server keeps the name it gives. Pure.
 */
public record TrackingTarget(String uri, String experiment) {

  /** Where the run is tracked, or null when neither it nor the operator names a server. */
  public static TrackingTarget of(TrainingRun run, OperatorSettings settings) {
    MlflowTracking mlflow = run.getSpec().tracking == null ? null : run.getSpec().tracking.mlflow;
    String named = mlflow == null || blank(mlflow.uri) ? null : mlflow.uri.strip();
    String shared = settings.mlflowTrackingUri();
    String uri = named == null ? shared : named;
    if (uri == null) {
      return null;
    }
    String namespace = Objects.requireNonNullElse(run.getMetadata().getNamespace(), "default");
    String experiment = mlflow == null || blank(mlflow.experiment) ? null : mlflow.experiment;
    if (shared != null && sameServer(uri, shared)) {
      return new TrackingTarget(uri, experiment == null ? namespace : namespace + "/" + experiment);
    }
    return new TrackingTarget(uri, experiment == null ? namespace : experiment);
  }

  /** Whether two URIs name one server, spelled alike but for case and trailing slashes. */
  public static boolean sameServer(String a, String b) {
    return spelled(a).equals(spelled(b));
  }

  private static String spelled(String uri) {
    return uri.strip().toLowerCase(Locale.ROOT).replaceAll("/+$", "");
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
