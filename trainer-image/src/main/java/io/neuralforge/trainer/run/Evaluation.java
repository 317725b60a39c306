package io.neuralforge.trainer.run;

/**
 * The model's figures on a held-out split, in inference mode: mean loss, accuracy (per pixel for
 * segmentation) and Dice (segmentation; NaN for classification).
 */
public record Evaluation(double loss, double accuracy, double dice) {

  /** A split that is absent or empty: every figure unknown. */
  public static final Evaluation NONE = new Evaluation(Double.NaN, Double.NaN, Double.NaN);
}
