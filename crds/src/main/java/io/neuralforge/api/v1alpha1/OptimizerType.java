package io.neuralforge.api.v1alpha1;

/** A gradient-descent optimizer, with PyTorch semantics. */
public enum OptimizerType {
  Adam,
  AdamW,
  SGD
}
