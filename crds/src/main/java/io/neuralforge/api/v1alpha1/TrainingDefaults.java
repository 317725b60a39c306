package io.neuralforge.api.v1alpha1;

/**
 * What a TrainingRun trains with when its spec leaves a hyperparameter out: written once, shown by
 * the CRD schema as each field's {@code default} (the API server fills them in), and used by the
 * trainer and the reproducibility record for runs that come from elsewhere (the command line).
 */
public final class TrainingDefaults {
  public static final int EPOCHS = 10;
  public static final int BATCH_SIZE = 64;
  public static final long SEED = 42;
  public static final boolean MIXED_PRECISION = false;
  public static final String OPTIMIZER = "Adam";
  public static final double LEARNING_RATE = 0.001;
  public static final double WEIGHT_DECAY = 0.0;
  public static final double MOMENTUM = 0.9;
  public static final String SCHEDULER = "None";
  public static final double STEP_GAMMA = 0.1;

  private TrainingDefaults() {}
}
