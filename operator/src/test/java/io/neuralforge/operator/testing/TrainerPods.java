package io.neuralforge.operator.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.api.v1alpha1.Labels;
import java.util.List;

/** A run's trainer pods, as the operator labels them. */
public final class TrainerPods {
  private TrainerPods() {}

  public static List<Pod> of(KubernetesClient client, TestNamespace ns, String run) {
    return client
        .pods()
        .inNamespace(ns.name())
        .withLabel(Labels.TRAINING_RUN, run)
        .list()
        .getItems();
  }
}
