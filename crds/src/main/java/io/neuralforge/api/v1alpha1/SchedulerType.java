package io.neuralforge.api.v1alpha1;

/** A learning-rate schedule. */
public enum SchedulerType {
  None,
  Step,
  Cosine
}
