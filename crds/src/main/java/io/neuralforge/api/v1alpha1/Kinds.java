package io.neuralforge.api.v1alpha1;

import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;

/**
 * Every kind of neuralforge.io/v1alpha1, in the order a user meets them. What must hold for every
 * kind (hostile and unreadable objects, health checks, the CRDs shipped) iterates this list, so a
 * new kind is covered the day it is added here.
 */
public final class Kinds {
  public static final List<Class<? extends CustomResource<?, ?>>> ALL =
      List.of(Architecture.class, TrainingRun.class, ModelExport.class, TrainingSweep.class);

  private Kinds() {}
}
