package io.neuralforge.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Function;

/** Waiting, in integration tests, for a resource of ours to reach a phase. */
public final class Await {
  private Await() {}

  /**
   * The resource once {@code phaseOf} its status reads {@code phase}; fails after {@code patience}.
   */
  public static <S, T extends CustomResource<?, S>> T phase(
      KubernetesClient client,
      Class<T> type,
      TestNamespace ns,
      String name,
      Function<S, String> phaseOf,
      String phase,
      Duration patience) {
    return await()
        .atMost(patience)
        .until(
            () -> client.resources(type).inNamespace(ns.name()).withName(name).get(),
            r -> r != null && r.getStatus() != null && phase.equals(phaseOf.apply(r.getStatus())));
  }
}
