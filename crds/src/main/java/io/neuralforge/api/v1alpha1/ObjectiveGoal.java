package io.neuralforge.api.v1alpha1;

/** Whether a higher or a lower objective is better. */
public enum ObjectiveGoal {
  maximize,
  minimize
}
