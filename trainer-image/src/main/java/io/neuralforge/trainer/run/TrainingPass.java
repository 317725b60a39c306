package io.neuralforge.trainer.run;

/**
 * One epoch's pass over the training data: mean loss, accuracy (per pixel for segmentation) and
 * gradient norm ({@link EpochGradientNorm}).
 */
record TrainingPass(double loss, double accuracy, double gradientNorm) {}
