package io.neuralforge.trainer.kube;

import java.io.IOException;
import java.util.Map;

/** Writes the trainer's part of its TrainingRun's status; the whole part, every time. */
public interface StatusWriter {
  void apply(Map<String, Object> status) throws IOException, InterruptedException;
}
