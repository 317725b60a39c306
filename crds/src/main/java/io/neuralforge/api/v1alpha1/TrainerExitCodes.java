package io.neuralforge.api.v1alpha1;

import java.util.List;

/**
 * The trainer image's exit codes ({@code neuralforge train} and {@code export}), as the command
 * line documents them and the operator's Jobs read them: the pod failure policy fails a Job at once
 * on the permanent ones, and {@link #GPU_UNAVAILABLE} becomes the run's failure reason.
 */
public final class TrainerExitCodes {
  public static final int OK = 0;

  /** The input was understood and rejected (invalid graph, unusable data, diverged). */
  public static final int REJECTED = 1;

  /** Unreadable input or bad usage. */
  public static final int BAD_INPUT = 2;

  /** Anything unexpected (I/O, network, internal error): a retry may cure it. */
  public static final int UNEXPECTED = 3;

  /**
   * A run asked for GPUs and the engine sees fewer in its container (no driver, no CUDA runtime, a
   * CPU image): retrying on the same kind of node cannot cure it.
   */
  public static final int GPU_UNAVAILABLE = 4;

  /** The codes a retry cannot cure: the Job fails on the first. */
  public static final List<Integer> PERMANENT = List.of(REJECTED, BAD_INPUT, GPU_UNAVAILABLE);

  private TrainerExitCodes() {}
}
