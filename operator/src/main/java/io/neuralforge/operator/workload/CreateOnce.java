package io.neuralforge.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/** Creation that tolerates finding the object already there. */
public final class CreateOnce {
  private CreateOnce() {}

  /**
   * Creates the object unless it exists: a restarted operator whose cache lagged finds it there and
   * goes on with it, so nothing is ever made twice. An existing object is taken only when the same
   * owner (by uid) controls it: a re-created resource never adopts what its namesake left behind.
   *
   * @throws NameTakenException when another owner's object holds the name
   */
  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> T createIfAbsent(KubernetesClient client, T object) {
    try {
      return client.resource(object).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      T existing = (T) client.resource(object).get();
      if (existing == null) {
        throw e; // deleted since: the next attempt creates it
      }
      return adoptable(object, existing);
    }
  }

  /**
   * {@code existing} when it is what {@code wanted} would be: controlled by the same owner uid (or
   * {@code wanted} names no controller).
   *
   * @throws NameTakenException otherwise
   */
  public static <T extends HasMetadata> T adoptable(T wanted, T existing) {
    String owner = Owners.controllerUid(wanted);
    if (owner != null && !Owners.controlledBy(existing, owner)) {
      throw new NameTakenException(wanted, existing);
    }
    return existing;
  }

  /**
   * Creates a primary's objects unless they exist, the Job last, and hands the Job to its informer
   * at once (as JOSDK's dependents do), so that the next reconcile reads it from the cache, not
   * from the API server.
   */
  public static <P extends HasMetadata> Job createJob(
      Context<P> context, P primary, JobObjects objects) {
    objects.prerequisites().forEach(o -> createIfAbsent(context.getClient(), o));
    return createWatched(context, primary, objects.job());
  }

  /**
   * Creates a secondary of {@code primary} unless it exists and hands it to the informer of its
   * kind, so that the next reconcile finds it in the cache.
   */
  @SuppressWarnings("unchecked")
  public static <P extends HasMetadata, T extends HasMetadata> T createWatched(
      Context<P> context, P primary, T object) {
    T created = createIfAbsent(context.getClient(), object);
    for (var source : context.eventSourceRetriever().getEventSourcesFor(object.getClass())) {
      if (source instanceof InformerEventSource<?, ?> informer) {
        ((InformerEventSource<T, P>) informer)
            .handleRecentResourceCreate(ResourceID.fromResource(primary), created);
      }
    }
    return created;
  }
}
