package io.neuralforge.trainer.run;

/**
 * One epoch's figures. Accuracy is per pixel for segmentation, which also reports the validation
 * Dice score (NaN for classification).
 *
 * @param gradientNorm the mean L2 norm of the gradients over the epoch ({@link EpochGradientNorm});
 *     NaN when not measured
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double validationLoss,
    double validationAccuracy,
    double validationDice,
    double learningRate,
    double seconds,
    double gradientNorm) {}
