package io.neuralforge.api.v1alpha1;

/**
 * The labels and annotations NeuralForge reads and writes on Kubernetes objects: the operator sets
 * them, its informers select by them, the CLI and users query by them.
 */
public final class Labels {
  /** On a run's Job, pods and per-run objects: the TrainingRun's name. */
  public static final String TRAINING_RUN = "neuralforge.io/training-run";

  /** On an export's Job and objects: the ModelExport's name. */
  public static final String MODEL_EXPORT = "neuralforge.io/model-export";

  /** On a sweep's runs: the TrainingSweep's name. */
  public static final String SWEEP = "neuralforge.io/sweep";

  /** On a sweep's runs: the run's index in the sweep's plan (0, 1, ...). */
  public static final String SWEEP_INDEX = "neuralforge.io/sweep-index";

  /**
   * Annotation on a run of an asha sweep: the objective it had at each rung it was judged at
   * (comma-separated, rung 0 first), the record the rule compares later runs with.
   */
  public static final String SWEEP_RUNGS = "neuralforge.io/sweep-rungs";

  /**
   * Annotation on a run of a sweep that stops runs early: the first epoch the sweep judges. From
   * that epoch on, the trainer waits at the end of each epoch for the sweep's judgement of it
   * (bounded), so that a hopeless run stops at the epoch it was judged at, however short epochs
   * are.
   */
  public static final String SWEEP_JUDGED_FROM = "neuralforge.io/sweep-judged-from";

  /** Annotation on such a run: the last epoch its sweep judged (and let go on, or stopped). */
  public static final String SWEEP_JUDGED = "neuralforge.io/sweep-judged";

  /** Set by users on a TrainingRun: the Kueue LocalQueue its Job waits in. */
  public static final String KUEUE_QUEUE = "kueue.x-k8s.io/queue-name";

  /** Annotation on a run's Job: the hash of the graph snapshot it trains. */
  public static final String GRAPH_HASH_ANNOTATION = "neuralforge.io/graph-hash";

  /**
   * On a GPU ledger ConfigMap, in the operator's own namespace: the tenant namespace whose
   * GPU-hours it records.
   */
  public static final String GPU_LEDGER = "neuralforge.io/gpu-ledger";

  private Labels() {}
}
