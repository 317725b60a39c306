package io.neuralforge.api.v1alpha1;

import java.util.List;

/**
 * The fields of a TrainingRun's status the trainer writes, through its own field manager and its
 * run's status-only Role; the operator owns every other field and leaves these out when it compares
 * what it would write with what is there.
 */
public final class TrainerStatusFields {
  public static final String PROGRESS = "progress";
  public static final String METRICS = "metrics";
  public static final String HISTORY = "history";
  public static final String TRACKING = "tracking";

  /** Inside status.reproducibility, whose other fields are the operator's. */
  public static final String REPRODUCIBILITY = "reproducibility";

  public static final String DATASET_DIGEST = "datasetDigest";
  public static final String DEVICE = "device";

  /** Every trainer-owned field, as dotted paths from status. */
  public static final List<String> ALL =
      List.of(
          PROGRESS,
          METRICS,
          HISTORY,
          TRACKING,
          REPRODUCIBILITY + "." + DATASET_DIGEST,
          REPRODUCIBILITY + "." + DEVICE);

  private TrainerStatusFields() {}
}
