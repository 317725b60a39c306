package io.neuralforge.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Creation that tolerates finding the object already there. */
public final class CreateOnce {
  private CreateOnce() {}

  /**
   * Creates the object unless it exists: a restarted operator whose cache lagged finds it there and
   * goes on with it, so nothing is ever made twice.
   */
  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> T createIfAbsent(KubernetesClient client, T object) {
    try {
      return client.resource(object).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      return (T) client.resource(object).get();
    }
  }
}
