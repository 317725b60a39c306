package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Metrics: training figures from the last epoch, validation figures from the best epoch (the
 * checkpoint kept), test figures when the dataset has an official test split. Accuracy is per pixel
 * for segmentation, which also reports Dice.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunMetrics {
  /** Mean training loss of the last epoch. */
  public Double trainLoss;

  /** Training accuracy of the last epoch. */
  public Double trainAccuracy;

  /** Validation loss of the best epoch. */
  public Double validationLoss;

  /** Validation accuracy of the best epoch. */
  public Double validationAccuracy;

  /** Validation Dice of the best epoch (segmentation). */
  public Double validationDice;

  /** Loss on the test split. */
  public Double testLoss;

  /** Accuracy on the test split. */
  public Double testAccuracy;

  /** Dice on the test split (segmentation). */
  public Double testDice;

  /** The epoch whose parameters were kept. */
  public Integer bestEpoch;

  /** Training throughput. */
  public Double samplesPerSecond;
}
