package io.neuralforge.trainer.run;

/** One epoch's pass over the training data: mean loss and accuracy (per pixel for segmentation). */
record TrainingPass(double loss, double accuracy) {}
