package io.neuralforge.operator.trainingsweep;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.operator.status.BoundedText;
import java.util.List;

/**
 * Offers a sweep's parameter values to the API server as dry-run creates of its first run, so that
 * a value the TrainingRun schema refuses fails the sweep before any run exists.
 */
final class ParameterChecks {
  private ParameterChecks() {}

  /** The first value the API server refuses, as the sweep's problem; null when all pass. */
  static SweepStatusBuilder.Problem firstRefusal(
      KubernetesClient client, List<SweepDecision.Check> checks) {
    for (SweepDecision.Check check : checks) {
      try {
        client.resource(check.run()).dryRun().create();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 422 || e.getCode() == 400) {
          return new SweepStatusBuilder.Problem(Reasons.INVALID_PARAMETER, refusal(check, e));
        }
        if (e.getCode() != 409) { // 409: a run of that name exists; the value passed
          throw e;
        }
      }
    }
    return null;
  }

  /** The API server's reason for refusing a value, in one line naming the sweep's path. */
  private static String refusal(SweepDecision.Check check, KubernetesClientException e) {
    var details = e.getStatus() == null ? null : e.getStatus().getDetails();
    List<StatusCause> causes = details == null ? null : details.getCauses();
    String why =
        causes == null || causes.isEmpty()
            ? e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage()
            : causes.get(0).getMessage();
    return "parameters "
        + check.path()
        + ": value "
        + BoundedText.cut(String.valueOf(check.value()), BoundedText.QUOTED)
        + " is refused by the TrainingRun schema: "
        + why;
  }
}
