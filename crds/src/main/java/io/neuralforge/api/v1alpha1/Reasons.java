package io.neuralforge.api.v1alpha1;

/**
 * The reasons of conditions and events, CamelCase, each written once. Where the Job controller or
 * the kubelet gave a reason (BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy), the run
 * carries theirs unchanged.
 */
public final class Reasons {
  // Architecture
  public static final String GRAPH_VALID = "GraphValid";
  public static final String GRAPH_INVALID = "GraphInvalid";

  // TrainingRun: its Architecture
  public static final String ARCHITECTURE_VALID = "ArchitectureValid";
  public static final String ARCHITECTURE_NOT_FOUND = "ArchitectureNotFound";
  public static final String ARCHITECTURE_NOT_VALIDATED = "ArchitectureNotValidated";
  public static final String ARCHITECTURE_INVALID = "ArchitectureInvalid";
  public static final String SNAPSHOT_TAKEN = "SnapshotTaken";

  // TrainingRun and ModelExport: their Job and pod
  public static final String JOB_CREATING = "JobCreating";
  public static final String JOB_CREATED = "JobCreated";
  public static final String JOB_DELETED = "JobDeleted";

  /**
   * An object to create (the Job, the trainer's identity, the snapshot) has the name of one another
   * owner controls, most often what an earlier object of the same name left for the garbage
   * collector: never adopted, waited for.
   */
  public static final String NAME_TAKEN = "NameTaken";

  /** A started run's spec changed although the CRD forbids it: the run stops. */
  public static final String SPEC_CHANGED = "SpecChanged";

  public static final String POD_CREATING = "PodCreating";
  public static final String POD_STARTING = "PodStarting";
  public static final String POD_SCHEDULED = "PodScheduled";

  /** The API server refused the trainer pod: a ResourceQuota is used up. */
  public static final String QUOTA_EXCEEDED = "QuotaExceeded";

  /** The run's namespace used its GPU-hours for the month (neuralforge.io/gpu-hours-per-month). */
  public static final String GPU_BUDGET_EXHAUSTED = "GPUBudgetExhausted";

  /** The API server refused the trainer pod otherwise: a LimitRange, an admission webhook. */
  public static final String POD_FORBIDDEN = "PodForbidden";

  /**
   * The run asked for GPUs and the trainer's engine saw fewer in its container: it failed at once,
   * without a retry (status.failure says what was asked, what was seen and the likely cause).
   */
  public static final String GPU_UNAVAILABLE = "GPUUnavailable";

  public static final String NOT_SCHEDULED = "NotScheduled";
  public static final String UNSCHEDULABLE = "Unschedulable";
  public static final String IMAGE_PULL_FAILED = "ImagePullFailed";
  public static final String PENDING_DEADLINE_EXCEEDED = "PendingDeadlineExceeded";
  public static final String TRAINER_RUNNING = "TrainerRunning";
  public static final String TRAINING_SUCCEEDED = "TrainingSucceeded";

  /** The run ended early on request (spec.runPolicy.stop), its best model kept. */
  public static final String EARLY_STOPPED = "EarlyStopped";

  public static final String RUN_SUSPENDED = "RunSuspended";

  /** A Job in a Kueue queue that Kueue has not admitted yet. */
  public static final String QUEUED = "Queued";

  /**
   * A stored object whose spec does not fit the resource classes (written under an older, looser
   * schema): it is left alone, with a status naming the field.
   */
  public static final String UNREADABLE = "Unreadable";

  /** A spec the operator cannot act on, whatever it retries (its configuration lacks something). */
  public static final String INVALID_SPEC = "InvalidSpec";

  // ModelExport
  public static final String TRAINING_RUN_NOT_FOUND = "TrainingRunNotFound";
  public static final String WAITING_FOR_TRAINING_RUN = "WaitingForTrainingRun";
  public static final String TRAINING_RUN_FAILED = "TrainingRunFailed";
  public static final String NO_MODEL_STORAGE = "NoModelStorage";
  public static final String EXPORTING = "Exporting";
  public static final String EXPORTED = "Exported";
  public static final String VALIDATION_FAILED = "ValidationFailed";

  // TrainingSweep
  public static final String NO_RUNS_YET = "NoRunsYet";
  public static final String RUNS_IN_PROGRESS = "RunsInProgress";
  public static final String SWEEP_SUCCEEDED = "SweepSucceeded";
  public static final String ALL_RUNS_FAILED = "AllRunsFailed";

  /** A sweep parameter its template's field cannot take (the API server's or the plan's word). */
  public static final String INVALID_PARAMETER = "InvalidParameter";

  /** A grid of more combinations than a sweep may run, with no maxRuns to say how many to try. */
  public static final String TOO_MANY_RUNS = "TooManyRuns";

  /** The sweep's name leaves its runs' names ({@code <sweep>-<index>}) no room. */
  public static final String NAME_TOO_LONG = "NameTooLong";

  /** A TrainingRun the sweep did not create already has the name of one of its runs. */
  public static final String RUN_NAME_TAKEN = "RunNameTaken";

  // Events only (no condition carries them)
  /** A sweep created one of its runs. */
  public static final String RUN_CREATED = "RunCreated";

  /** A sweep's early-stopping rule stopped one of its runs. */
  public static final String RUN_STOPPED = "RunStopped";

  /** Another run leads a sweep. */
  public static final String NEW_BEST = "NewBest";

  /** A run's experiment tracking failed while training went on (status.tracking.warning). */
  public static final String TRACKING_FAILED = "TrackingFailed";

  /** An export's model registry failed; the export stands (status.serving.registryWarning). */
  public static final String REGISTRY_FAILED = "RegistryFailed";

  /** An export became a new version of a registered model (status.serving.registeredModel). */
  public static final String MODEL_REGISTERED = "ModelRegistered";

  private Reasons() {}

  /** The reason of a phase's condition while the resource is in another phase: NotRunning. */
  public static String notIn(String type) {
    return "Not" + type;
  }
}
