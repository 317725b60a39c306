package io.neuralforge.api.v1alpha1;

/**
 * The values of {@code status.phase} of the four kinds. They are API: printer columns, the Argo CD
 * health checks, {@code kubectl wait} and users' scripts read them.
 */
public final class Phases {
  /** An Architecture whose graph validated, or not. */
  public static final String VALID = "Valid";

  public static final String INVALID = "Invalid";

  /** A TrainingRun or ModelExport: waiting, at work, done, or held. */
  public static final String PENDING = "Pending";

  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String SUSPENDED = "Suspended";

  private Phases() {}

  /** Succeeded and Failed never change again. */
  public static boolean isTerminal(String phase) {
    return SUCCEEDED.equals(phase) || FAILED.equals(phase);
  }
}
