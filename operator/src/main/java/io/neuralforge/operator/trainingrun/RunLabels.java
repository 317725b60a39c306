package io.neuralforge.operator.trainingrun;

import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.workload.WorkloadNames;
import java.util.Map;

/** The labels on everything the operator creates for a run; its informers select by them. */
public final class RunLabels {
  public static final String RUN = "neuralforge.io/training-run";
  public static final String KUEUE_QUEUE = "kueue.x-k8s.io/queue-name";

  /** What the TrainingRun reconciler's informers for Jobs and pods select: its own, only. */
  public static final String SELECTOR =
      WorkloadNames.MANAGED_BY + "=" + WorkloadNames.OPERATOR + "," + RUN;

  private RunLabels() {}

  public static Map<String, String> of(TrainingRun run, String component) {
    Map<String, String> labels = WorkloadNames.labels(component);
    labels.put(RUN, run.getMetadata().getName());
    return labels;
  }

  /** The Kueue queue the run was labelled with, or null. */
  public static String queueName(TrainingRun run) {
    Map<String, String> labels = run.getMetadata().getLabels();
    return labels == null ? null : labels.get(KUEUE_QUEUE);
  }
}
