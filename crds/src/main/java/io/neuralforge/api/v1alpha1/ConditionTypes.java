package io.neuralforge.api.v1alpha1;

/**
 * The condition types in {@code status.conditions}. A run or export has one condition per phase it
 * can be in (Running, Succeeded, Failed, Suspended), true for the phase it is in.
 */
public final class ConditionTypes {
  /** Architecture: the graph validated. */
  public static final String VALID = "Valid";

  /** TrainingRun: its Architecture is Valid, or the run trains a snapshot of it. */
  public static final String ARCHITECTURE_READY = "ArchitectureReady";

  /** TrainingRun: the trainer pod is on a node. */
  public static final String SCHEDULED = "Scheduled";

  public static final String RUNNING = Phases.RUNNING;
  public static final String SUCCEEDED = Phases.SUCCEEDED;
  public static final String FAILED = Phases.FAILED;
  public static final String SUSPENDED = Phases.SUSPENDED;

  private ConditionTypes() {}
}
