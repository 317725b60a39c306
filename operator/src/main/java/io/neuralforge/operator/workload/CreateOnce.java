package io.neuralforge.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/** Creation that tolerates finding the object already there. */
public final class CreateOnce {
  /**
   * Sends a workload's prerequisites to the API server side by side: each create is a round trip
   * that does not depend on the others. Bounded, so that many reconciles at once do not flood it.
   */
  private static final ExecutorService CREATES =
      Executors.newFixedThreadPool(
          16,
          task -> {
            Thread thread = new Thread(task, "create-once");
            thread.setDaemon(true);
            return thread;
          });

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

  /**
   * Creates a primary's objects unless they exist: the prerequisites side by side, except that
   * RoleBindings wait for the Roles they grant (without the bind verb the operator may bind only a
   * Role the API server can see and check against its own rights); then, once all of them exist,
   * the Job, so that a Job is never there without what it mounts and runs as. Hands the Job to its
   * informer at once (as JOSDK's dependents do), so that the next reconcile reads it from the
   * cache, not from the API server.
   */
  public static <P extends HasMetadata> Job createJob(
      Context<P> context, P primary, JobObjects objects) {
    Map<Boolean, List<HasMetadata>> bindings =
        objects.prerequisites().stream()
            .collect(Collectors.partitioningBy(o -> o instanceof RoleBinding));
    createAll(context.getClient(), bindings.get(false));
    createAll(context.getClient(), bindings.get(true));
    Job created = createIfAbsent(context.getClient(), objects.job());
    if (context.eventSourceRetriever().getEventSourceFor(Job.class)
        instanceof InformerEventSource<Job, P> jobs) {
      jobs.handleRecentResourceCreate(ResourceID.fromResource(primary), created);
    }
    return created;
  }

  /** Creates each object unless it exists, side by side; the first failure, once all are done. */
  static void createAll(KubernetesClient client, List<HasMetadata> objects) {
    if (objects.size() <= 1) {
      objects.forEach(o -> createIfAbsent(client, o));
      return;
    }
    List<CompletableFuture<HasMetadata>> creates =
        objects.stream()
            .map(o -> CompletableFuture.supplyAsync(() -> createIfAbsent(client, o), CREATES))
            .toList();
    RuntimeException failure = null;
    for (CompletableFuture<HasMetadata> create : creates) {
      try {
        create.join();
      } catch (CompletionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof RuntimeException cause
                  ? cause
                  : new IllegalStateException(e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
