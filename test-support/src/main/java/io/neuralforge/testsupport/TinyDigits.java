package io.neuralforge.testsupport;

/**
 * A network small enough to train in a second, for tests of what comes after training (export,
 * serving, prediction): a convolution over the digits as 1x8x8 images, normalized, 10 classes.
 */
public final class TinyDigits {
  /** The run's Normalize, as written in {@link #RUN}. */
  public static final float MEAN = 0.3f;

  public static final float STD = 0.4f;

  /** The Architecture {@code tiny}: input {@code image} [1, 8, 8], output {@code logits} [10]. */
  public static final String ARCHITECTURE =
      """
      apiVersion: neuralforge.io/v1alpha1
      kind: Architecture
      metadata: {name: tiny}
      spec:
        inputs: [{name: image, shape: [1, 8, 8]}]
        nodes:
        - {id: conv, type: Conv2D, inputs: [image], params: {outChannels: 4, kernelSize: 3}}
        - {id: relu, type: ReLU, inputs: [conv]}
        - {id: flat, type: Flatten, inputs: [relu]}
        - {id: logits, type: Linear, inputs: [flat], params: {outFeatures: 10}}
        outputs: [logits]
      """;

  /** The TrainingRun {@code tiny-digits}: one epoch on the builtin digits, seed 3. */
  public static final String RUN =
      """
      apiVersion: neuralforge.io/v1alpha1
      kind: TrainingRun
      metadata: {name: tiny-digits}
      spec:
        architectureRef: {name: tiny}
        dataset:
          builtin: digits
          validationFraction: 0.2
          augmentations: [{type: Normalize, mean: [0.3], std: [0.4]}]
        hyperparameters: {epochs: 1, batchSize: 64, seed: 3}
      """;

  /** The run's seed, as written in {@link #RUN}. */
  public static final long SEED = 3;

  private TinyDigits() {}

  /** {@code (x - MEAN) / STD}, Normalize's own float arithmetic. */
  public static float normalized(float x) {
    return (x - MEAN) / STD;
  }
}
