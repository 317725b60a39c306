package io.neuralforge.operator.events;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Where events a human should see go; {@link KubernetesEventSink} in a cluster. */
@FunctionalInterface
public interface EventSink {
  String NORMAL = "Normal";
  String WARNING = "Warning";

  void emit(HasMetadata regarding, String type, String reason, String message);
}
