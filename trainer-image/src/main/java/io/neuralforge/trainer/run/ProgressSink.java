package io.neuralforge.trainer.run;

/**
 * Where training reports how far it got: a terminal locally, the TrainingRun's status in a cluster.
 */
public interface ProgressSink {

  /** Called after every step; implementations decide how often to pass it on. */
  void progress(Progress progress);

  /**
   * Whether the next {@link #progress} will be passed on: only then does training measure what
   * costs time to measure (the gradient norm, the GPU's memory).
   */
  default boolean wantsDetail() {
    return false;
  }

  /**
   * Called once the engine has its devices: what the run trains on (status.reproducibility.device)
   * and the folder the engine loaded libtorch from.
   */
  default void device(String description, String libtorch) {}

  /** Called once per finished epoch with its metrics. */
  void epoch(EpochMetrics metrics);

  /** Called once the data is loaded, with the digest of what the run trains on. */
  default void started(String datasetDigest) {}

  /** Called once training is over, with the final metrics (as in metrics.json). */
  default void finished(java.util.Map<String, Object> metrics) {}

  /**
   * Called when an experiment tracker took the run (or gave up on it): status.tracking's fields
   * (mlflowRunId, url, warning).
   */
  default void tracked(java.util.Map<String, Object> tracking) {}

  /**
   * Whether training is asked to end early (a sweep's early-stopping rule, a user): checked at the
   * end of each epoch.
   */
  default boolean stopRequested() {
    return false;
  }

  /**
   * Called at the end of each epoch but the last, its bookkeeping done: waits for whatever judges
   * the run's epochs (a sweep's early-stopping rule), when something does.
   */
  default void awaitJudgement(int epoch) {}

  /** Both sinks, {@code first} first. */
  static ProgressSink both(ProgressSink first, ProgressSink second) {
    return new ProgressSink() {
      @Override
      public void progress(Progress p) {
        first.progress(p);
        second.progress(p);
      }

      @Override
      public boolean wantsDetail() {
        return first.wantsDetail() || second.wantsDetail();
      }

      @Override
      public void awaitJudgement(int epoch) {
        first.awaitJudgement(epoch);
        second.awaitJudgement(epoch);
      }

      @Override
      public boolean stopRequested() {
        return first.stopRequested() || second.stopRequested();
      }

      @Override
      public void device(String description, String libtorch) {
        first.device(description, libtorch);
        second.device(description, libtorch);
      }

      @Override
      public void epoch(EpochMetrics m) {
        first.epoch(m);
        second.epoch(m);
      }

      @Override
      public void started(String datasetDigest) {
        first.started(datasetDigest);
        second.started(datasetDigest);
      }

      @Override
      public void finished(java.util.Map<String, Object> metrics) {
        first.finished(metrics);
        second.finished(metrics);
      }

      @Override
      public void tracked(java.util.Map<String, Object> tracking) {
        first.tracked(tracking);
        second.tracked(tracking);
      }
    };
  }

  /**
   * How far training is.
   *
   * @param gradientNorm the L2 norm of this step's gradients; NaN when not measured ({@link
   *     #wantsDetail})
   * @param gpuMemoryBytes device memory in use on the first GPU; -1 on a CPU or when not measured
   */
  record Progress(
      int epoch,
      int totalEpochs,
      long step,
      long totalSteps,
      double percent,
      long etaSeconds,
      double loss,
      double gradientNorm,
      long gpuMemoryBytes) {

    /** A step without the measurements {@link #wantsDetail} asks for. */
    public Progress(
        int epoch,
        int totalEpochs,
        long step,
        long totalSteps,
        double percent,
        long etaSeconds,
        double loss) {
      this(epoch, totalEpochs, step, totalSteps, percent, etaSeconds, loss, Double.NaN, -1);
    }
  }
}
