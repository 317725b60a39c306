package io.neuralforge.trainer.gpu;

import java.io.PrintStream;

/**
 * What a run does when it sees fewer GPUs than it asked for: in a trainer pod it fails ({@link
 * GpuUnavailableException}); on a workstation ({@code neuralforge train}) it trains on what there
 * is, saying so on {@code warnings}.
 */
public record GpuPolicy(boolean required, PrintStream warnings) {
  public static GpuPolicy workstation(PrintStream warnings) {
    return new GpuPolicy(false, warnings);
  }

  public static GpuPolicy trainerPod(PrintStream warnings) {
    return new GpuPolicy(true, warnings);
  }

  /** Fails or warns on {@code problem} ({@link GpuCheck#problem}); nothing when it is null. */
  public void apply(String problem) {
    if (problem == null) {
      return;
    }
    if (required) {
      throw new GpuUnavailableException(problem);
    }
    warnings.println("neuralforge: warning: " + problem + "; training on what this machine has");
  }
}
