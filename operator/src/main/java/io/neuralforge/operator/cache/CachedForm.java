package io.neuralforge.operator.cache;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.neuralforge.api.v1alpha1.TrainingRun;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What the operator's informers keep of each object: only the fields it reads. At 10,000 runs the
 * caches are most of the operator's heap, and most of each cached object is what it never reads:
 * managedFields (the API server's field ownership, often larger than the object), and a Job's or
 * pod's environment, mounts and security settings, which the operator wrote itself. Writes never
 * start from a cached object (they GET, or patch only what they own), so nothing trimmed here is
 * ever written back.
 */
public final class CachedForm {
  private CachedForm() {}

  /**
   * A store keeping each object as {@code trim} leaves it, without managedFields, for an informer
   * of a controller watching every namespace; null (the informer's own store) when it watches a
   * list: JOSDK then gives one informer per namespace the same store, and a relist of one namespace
   * would drop the others' objects from it.
   */
  public static <R extends HasMetadata> ItemStore<R> store(
      EventSourceContext<?> context, UnaryOperator<R> trim) {
    return context.getControllerConfiguration().getInformerConfig().watchAllNamespaces()
        ? new TransformingItemStore<>(r -> trim.apply(withoutManagedFields(r)))
        : null;
  }

  /** The same for a controller's own resources, without their managedFields. */
  public static <R extends HasMetadata> ItemStore<R> primaryStore() {
    return new TransformingItemStore<>(CachedForm::withoutManagedFields);
  }

  public static <R extends HasMetadata> R withoutManagedFields(R object) {
    if (object.getMetadata() != null) {
      object.getMetadata().setManagedFields(null);
    }
    return object;
  }

  /**
   * A Job as the operator reads it: metadata, status, suspend and the limits it sets, and of its
   * pod template the containers' names, images and resources (the memory limit a failure quotes,
   * the GPUs it asked for) and the ConfigMap volumes (the run's graph snapshot).
   */
  public static Job job(Job job) {
    JobSpec spec = job.getSpec();
    if (spec == null) {
      return job;
    }
    JobSpecBuilder trimmed =
        new JobSpecBuilder()
            .withSuspend(spec.getSuspend())
            .withBackoffLimit(spec.getBackoffLimit())
            .withActiveDeadlineSeconds(spec.getActiveDeadlineSeconds())
            .withTtlSecondsAfterFinished(spec.getTtlSecondsAfterFinished());
    if (spec.getTemplate() != null && spec.getTemplate().getSpec() != null) {
      PodSpec pod = spec.getTemplate().getSpec();
      trimmed
          .withNewTemplate()
          .withSpec(
              new PodSpecBuilder()
                  .withContainers(containers(pod.getContainers()))
                  .withVolumes(configMapVolumes(pod.getVolumes()))
                  .withNodeSelector(pod.getNodeSelector())
                  .build())
          .endTemplate();
    }
    job.setSpec(trimmed.build());
    return job;
  }

  /**
   * A TrainingRun as a reader of its outcome sees it (an export, which waits for its run to end):
   * without its learning curve, up to 200 points the trainer writes and only the run reads back.
   */
  public static TrainingRun withoutHistory(TrainingRun run) {
    if (run.getStatus() != null) {
      run.getStatus().history = null;
    }
    return run;
  }

  /** A pod as the operator reads it: metadata, status, its node and its containers' resources. */
  public static Pod pod(Pod pod) {
    PodSpec spec = pod.getSpec();
    if (spec != null) {
      pod.setSpec(
          new PodSpecBuilder()
              .withNodeName(spec.getNodeName())
              .withNodeSelector(spec.getNodeSelector())
              .withContainers(containers(spec.getContainers()))
              .build());
    }
    return pod;
  }

  private static List<Container> containers(List<Container> containers) {
    return containers == null
        ? List.of()
        : containers.stream()
            .map(
                c ->
                    new ContainerBuilder()
                        .withName(c.getName())
                        .withImage(c.getImage())
                        .withResources(c.getResources())
                        .build())
            .toList();
  }

  private static List<Volume> configMapVolumes(List<Volume> volumes) {
    return volumes == null
        ? List.of()
        : volumes.stream()
            .filter(v -> v.getConfigMap() != null)
            .map(
                v ->
                    new VolumeBuilder()
                        .withName(v.getName())
                        .withNewConfigMap()
                        .withName(v.getConfigMap().getName())
                        .endConfigMap()
                        .build())
            .toList();
  }
}
