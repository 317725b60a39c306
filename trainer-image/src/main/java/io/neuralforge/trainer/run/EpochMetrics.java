package io.neuralforge.trainer.run;

/**
 * One epoch's figures. Accuracy is per pixel for segmentation, which also reports the validation
 * Dice score (NaN for classification).
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double validationLoss,
    double validationAccuracy,
    double validationDice,
    double learningRate,
    double seconds) {}
