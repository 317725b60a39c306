package io.neuralforge.trainer.run;

/**
 * Where training reports how far it got: a terminal locally, the TrainingRun's status in a cluster.
 */
public interface ProgressSink {

  /** Called after every step; implementations decide how often to pass it on. */
  void progress(Progress progress);

  /** Called once per finished epoch with its metrics. */
  void epoch(EpochMetrics metrics);

  /** How far training is. */
  record Progress(
      int epoch,
      int totalEpochs,
      long step,
      long totalSteps,
      double percent,
      long etaSeconds,
      double loss) {}
}
