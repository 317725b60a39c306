package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One finished epoch's figures, as curves are drawn from them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HistoryPoint {
  /** The epoch, from 1. */
  public Integer epoch;

  /** Mean training loss over the epoch. */
  public Double trainLoss;

  /** Validation loss after the epoch. */
  public Double validationLoss;

  /** Validation accuracy after the epoch (per pixel for segmentation). */
  public Double validationAccuracy;

  /** Validation Dice after the epoch (segmentation). */
  public Double validationDice;

  /** The learning rate the epoch ended with. */
  public Double learningRate;
}
