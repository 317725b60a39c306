package io.neuralforge.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/** Waiting, in integration tests, for a resource to reach a phase or a state. */
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
    return until(
        client,
        type,
        ns,
        name,
        r -> r.getStatus() != null && phase.equals(phaseOf.apply(r.getStatus())),
        patience);
  }

  /** The resource once it exists and {@code holds}; fails after {@code patience}. */
  public static <T extends HasMetadata> T until(
      KubernetesClient client,
      Class<T> type,
      TestNamespace ns,
      String name,
      Predicate<T> holds,
      Duration patience) {
    return await()
        .atMost(patience)
        .until(
            () -> client.resources(type).inNamespace(ns.name()).withName(name).get(),
            r -> r != null && holds.test(r));
  }
}
