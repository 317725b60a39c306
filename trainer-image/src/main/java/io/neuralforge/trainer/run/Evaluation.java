package io.neuralforge.trainer.run;

/**
 * The model's figures on a held-out split, in inference mode: mean loss, accuracy (per pixel for
 * segmentation), Dice (segmentation; NaN for classification) and, for a classifier, how its
 * predictions fall per class (null for segmentation).
 */
public record Evaluation(double loss, double accuracy, double dice, ConfusionMatrix confusion) {

  /** A split that is absent or empty: every figure unknown. */
  public static final Evaluation NONE = new Evaluation(Double.NaN, Double.NaN, Double.NaN, null);
}
