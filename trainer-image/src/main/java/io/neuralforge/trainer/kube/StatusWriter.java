package io.neuralforge.trainer.kube;

import java.io.IOException;
import java.util.Map;

/** Writes the trainer's part of its TrainingRun's status; the whole part, every time. */
public interface StatusWriter {
  void apply(Map<String, Object> status) throws IOException, InterruptedException;

  /**
   * Whether the object, as the latest write found it, asks the run to end early
   * (spec.runPolicy.stop): read with every write, so known within a write of being set.
   */
  default boolean stopRequested() {
    return false;
  }

  /**
   * Waits, at most {@code timeout}, until the run's sweep has judged {@code epoch} (or asked the
   * run to stop), when the run belongs to a sweep that judges that epoch; returns whether it did.
   */
  default boolean awaitJudgement(int epoch, java.time.Duration timeout)
      throws IOException, InterruptedException {
    return true;
  }
}
