package io.neuralforge.trainer.run;

import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;

/**
 * libtorch's own profiler around a window of training steps, for {@code make bench-train}: with
 * {@code NEURALFORGE_TORCH_PROFILE} set to a file, a window of steps of the first epoch trained is
 * recorded, every operator with its time, and written there as a Chrome trace. The window is {@code
 * NEURALFORGE_TORCH_PROFILE_STEPS}, {@code FIRST:COUNT}, 50:200 unless set (the steps before are
 * warm-up: first allocations, first kernels chosen).
 */
final class OperatorProfile {
  private final Path trace;
  private final int first;
  private final int steps;
  private boolean started;
  private boolean done;

  private OperatorProfile(Path trace, int first, int steps) {
    this.trace = trace;
    this.first = first;
    this.steps = steps;
  }

  /** The profile the environment asks for; one that records nothing when it asks for none. */
  static OperatorProfile fromEnvironment() {
    String file = System.getenv("NEURALFORGE_TORCH_PROFILE");
    if (file == null || file.isBlank()) {
      return new OperatorProfile(null, 0, 0);
    }
    String window = System.getenv().getOrDefault("NEURALFORGE_TORCH_PROFILE_STEPS", "50:200");
    String[] parts = window.split(":", -1);
    int first = -1;
    int count = 0;
    try {
      if (parts.length == 2) {
        first = Integer.parseInt(parts[0].trim());
        count = Integer.parseInt(parts[1].trim());
      }
    } catch (NumberFormatException e) {
      first = -1;
    }
    if (first < 0 || count < 1) {
      throw new IllegalArgumentException(
          "NEURALFORGE_TORCH_PROFILE_STEPS must be FIRST:COUNT, a step from 0 and a count from 1,"
              + " got "
              + window);
    }
    return new OperatorProfile(Path.of(file), first, count);
  }

  /** Call before training step {@code step} (0-based within the epoch). */
  void beforeStep(long step) {
    if (trace != null && !done && step == first) {
      JniUtils.startProfile(false, false, false);
      started = true;
    }
  }

  /** Call after training step {@code step}; the window ends after its last step. */
  void afterStep(long step) {
    if (step == first + steps - 1) {
      stop();
    }
  }

  /**
   * Call at the end of the epoch, and when it fails: an epoch shorter than the window ends it there
   * (an epoch that never reached it says so), and only the first epoch is profiled.
   */
  void stop() {
    if (started && !done) {
      JniUtils.stopProfile(trace.toString());
    } else if (trace != null && !done) {
      System.err.println(
          "the first epoch ended before step " + first + ": no profile written to " + trace);
    }
    done = true;
  }
}
