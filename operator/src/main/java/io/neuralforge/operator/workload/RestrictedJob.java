package io.neuralforge.operator.workload;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.neuralforge.api.v1alpha1.PodOverrides;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.config.ScratchStorage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one shape of every Job the operator runs (the trainer's, the exporter's): one pod, one
 * container of the trainer image under Pod Security "restricted", its own ServiceAccount's expiring
 * token where the process expects it, emptyDirs for /tmp and the cache, the pod failure policy for
 * the image's exit codes, the resource's {@code spec.pod} settings, owned by the resource. Each Job
 * builder adds only what differs ({@link Parts}) and, on the builder returned, the Job's limits.
 */
public final class RestrictedJob {
  public static final int DEFAULT_BACKOFF_LIMIT = 2;

  private RestrictedJob() {}

  /**
   * What differs between the operator's Jobs.
   *
   * @param image the trainer image (CPU or CUDA) the container runs
   * @param env the process's environment beyond its identity ({@link RestrictedPods#identityEnv})
   * @param credentialsSecret a Secret whose documented keys become environment variables, or null
   * @param volumes with {@code mounts}: what this Job mounts beyond /tmp, the cache and the token
   * @param affinity null for none
   * @param tolerations the operator's own, before the user's
   */
  public record Parts(
      HasMetadata owner,
      String name,
      String image,
      Map<String, String> labels,
      PodOverrides overrides,
      String serviceAccount,
      List<String> args,
      List<EnvVar> env,
      Map<String, Quantity> resources,
      String credentialsSecret,
      List<Volume> volumes,
      List<VolumeMount> mounts,
      Affinity affinity,
      List<Toleration> tolerations) {}

  /**
   * @throws io.neuralforge.operator.status.UnrunnableSpecException when the resource's spec.pod
   *     sets what the operator's podAllowList does not allow
   */
  public static JobBuilder builder(Parts p, OperatorSettings settings) {
    PodAllowListCheck.require(
        p.overrides(), p.resources().containsKey(RestrictedPods.GPU), settings.podAllowList());
    return new JobBuilder()
        .withNewMetadata()
        .withName(p.name())
        .withNamespace(p.owner().getMetadata().getNamespace())
        .withLabels(p.labels())
        .withOwnerReferences(Owners.ownedBy(p.owner()))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(DEFAULT_BACKOFF_LIMIT)
        .withCompletions(1)
        .withParallelism(1)
        .withPodFailurePolicy(RestrictedPods.failurePolicy())
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(PodSettings.labels(p.overrides(), p.labels()))
        .withAnnotations(PodSettings.annotations(p.overrides()))
        .endMetadata()
        .withSpec(pod(p, settings))
        .endTemplate()
        .endSpec();
  }

  private static io.fabric8.kubernetes.api.model.PodSpec pod(Parts p, OperatorSettings settings) {
    List<VolumeMount> mounts = new ArrayList<>(p.mounts());
    mounts.add(RestrictedPods.mount("tmp", "/tmp", false));
    mounts.add(RestrictedPods.mount("cache", RestrictedPods.CACHE_DIR, false));
    mounts.add(RestrictedPods.mount("token", RestrictedPods.TOKEN_DIR, true));
    List<Volume> volumes = new ArrayList<>(p.volumes());
    volumes.add(RestrictedPods.emptyDir("tmp"));
    volumes.add(RestrictedPods.emptyDir("cache"));
    volumes.add(RestrictedPods.token("token"));
    ScratchStorage scratch = settings.scratchStorage();
    List<EnvVar> env = new ArrayList<>(p.env());
    if (p.credentialsSecret() != null) {
      env.addAll(RestrictedPods.credentialEnv(p.credentialsSecret()));
    }
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(RestrictedPods.CONTAINER)
            .withImage(p.image())
            .withImagePullPolicy(settings.imagePullPolicy())
            .withArgs(p.args())
            .withEnv(env)
            .withNewResources()
            .withRequests(withScratch(p.resources(), scratch.request()))
            .withLimits(withScratch(p.resources(), scratch.limit()))
            .endResources()
            .withVolumeMounts(mounts)
            // the trainer writes its one-line error there; a crash leaves its last log lines
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .withSecurityContext(RestrictedPods.containerSecurity());
    PodSpecBuilder pod =
        new PodSpecBuilder()
            .withRestartPolicy("Never")
            .withServiceAccountName(p.serviceAccount())
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .withAffinity(p.affinity())
            .withSecurityContext(RestrictedPods.podSecurity(settings.runAsUser()))
            .withContainers(container.build())
            .withVolumes(RestrictedPods.sized(volumes, new Quantity(scratch.sizeLimit())));
    return PodSettings.apply(pod, p.overrides(), p.tolerations()).build();
  }

  /** The Job's resources and, when configured, the node disk its scratch may take. */
  private static Map<String, Quantity> withScratch(Map<String, Quantity> resources, String amount) {
    if (amount == null) {
      return resources;
    }
    Map<String, Quantity> all = new LinkedHashMap<>(resources);
    all.put("ephemeral-storage", new Quantity(amount));
    return all;
  }
}
