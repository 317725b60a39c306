package io.neuralforge.operator.trainingrun.objects;

import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.workload.WorkloadNames;
import java.util.Map;

/** The labels on everything the operator creates for a run; its informers select by them. */
public final class RunLabels {

  /** What the TrainingRun reconciler's informers for Jobs and pods select: its own, only. */
  public static final String SELECTOR =
      WorkloadNames.MANAGED_BY + "=" + WorkloadNames.OPERATOR + "," + Labels.TRAINING_RUN;

  private RunLabels() {}

  public static Map<String, String> of(TrainingRun run, String component) {
    Map<String, String> labels = WorkloadNames.labels(component);
    labels.put(Labels.TRAINING_RUN, run.getMetadata().getName());
    return labels;
  }

  /** The Kueue queue the run was labelled with, or null. */
  public static String queueName(TrainingRun run) {
    Map<String, String> labels = run.getMetadata().getLabels();
    return labels == null ? null : labels.get(Labels.KUEUE_QUEUE);
  }
}
