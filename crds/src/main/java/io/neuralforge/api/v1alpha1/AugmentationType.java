package io.neuralforge.api.v1alpha1;

/** An augmentation step. */
public enum AugmentationType {
  RandomHorizontalFlip,
  RandomCrop,
  Normalize
}
