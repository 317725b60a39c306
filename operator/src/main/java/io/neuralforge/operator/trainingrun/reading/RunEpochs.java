package io.neuralforge.operator.trainingrun.reading;

import io.neuralforge.api.v1alpha1.HistoryPoint;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.TrainingDefaults;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.status.Conditions;
import java.util.List;

/** The epochs a run plans and those its status.history records; whether it was stopped early. */
public final class RunEpochs {
  private RunEpochs() {}

  /** spec.hyperparameters.epochs, or the default. */
  public static int planned(TrainingRun run) {
    var hp = run.getSpec() == null ? null : run.getSpec().hyperparameters;
    return hp == null || hp.epochs == null ? TrainingDefaults.EPOCHS : hp.epochs;
  }

  /** The last epoch status.history records; 0 before the first. */
  public static int trained(TrainingRun run) {
    List<HistoryPoint> history = run.getStatus() == null ? null : run.getStatus().history;
    int last = 0;
    for (HistoryPoint p : history == null ? List.<HistoryPoint>of() : history) {
      if (p != null && p.epoch != null) {
        last = Math.max(last, p.epoch);
      }
    }
    return last;
  }

  /** Whether the run was asked to end early (spec.runPolicy.stop). */
  public static boolean stopRequested(TrainingRun run) {
    var policy = run.getSpec() == null ? null : run.getSpec().runPolicy;
    return policy != null && policy.stop != null;
  }

  /** Whether the run ended on such a request: its Succeeded condition's reason is EarlyStopped. */
  public static boolean stoppedEarly(TrainingRun run) {
    return run.getStatus() != null
        && run.getStatus().conditions != null
        && run.getStatus().conditions.stream()
            .anyMatch(
                c ->
                    Reasons.EARLY_STOPPED.equals(c.getReason())
                        && Conditions.TRUE.equals(c.getStatus()));
  }
}
