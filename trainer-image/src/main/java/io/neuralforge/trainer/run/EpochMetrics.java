package io.neuralforge.trainer.run;

/** One epoch's figures; test figures are NaN where the dataset has no test split. */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double validationLoss,
    double validationAccuracy,
    double learningRate,
    double seconds) {}
