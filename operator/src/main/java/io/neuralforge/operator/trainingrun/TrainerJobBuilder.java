package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.neuralforge.api.v1alpha1.ComputeResources;
import io.neuralforge.api.v1alpha1.OutputLocation;
import io.neuralforge.api.v1alpha1.RunPolicy;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.workload.PodSettings;
import io.neuralforge.operator.workload.RestrictedPods;
import io.neuralforge.operator.workload.StatusAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainer Job of a run: the trainer image running {@code neuralforge train} on the run's
 * snapshot, placed on the requested GPUs, under Pod Security "restricted" (non-root, read-only root
 * filesystem with emptyDirs where it writes, no privilege escalation, no capabilities,
 * RuntimeDefault seccomp). Exit codes 1 and 2 (bad input) fail the Job at once; evicted or
 * preempted pods do not count against backoffLimit.
 */
public final class TrainerJobBuilder {
  public static final String CONTAINER = RestrictedPods.CONTAINER;
  public static final String SNAPSHOT_DIR = "/etc/neuralforge/run";
  static final String SNAPSHOT_VOLUME = "snapshot";
  public static final String OUTPUT_DIR = "/output";
  public static final int DEFAULT_BACKOFF_LIMIT = 2;

  private TrainerJobBuilder() {}

  /**
   * @param snapshotName the ConfigMap holding run.json and architecture.json
   * @param graphHash the snapshot's graph hash (null when unknown), kept on the Job as the record
   *     of what it trains
   */
  public static Job build(
      TrainingRun run, String snapshotName, String graphHash, OperatorSettings settings) {
    RunPolicy policy = run.getSpec().runPolicy == null ? new RunPolicy() : run.getSpec().runPolicy;
    GpuPlacement placement =
        GpuPlacement.of(
            run.getSpec().resources == null ? null : run.getSpec().resources.gpu,
            settings.gpuNodeLabels());
    String queue = RunLabels.queueName(run);
    Map<String, String> jobLabels = RunLabels.of(run, "trainer");
    if (queue != null) {
      jobLabels.put(RunLabels.KUEUE_QUEUE, queue);
    }
    return new JobBuilder()
        .withNewMetadata()
        .withName(RunNames.job(run))
        .withNamespace(run.getMetadata().getNamespace())
        .withLabels(jobLabels)
        .withAnnotations(
            graphHash == null ? Map.of() : Map.of(SnapshotBuilder.GRAPH_HASH_ANNOTATION, graphHash))
        .withOwnerReferences(StatusAccess.ownedBy(run))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(policy.backoffLimit == null ? DEFAULT_BACKOFF_LIMIT : policy.backoffLimit)
        .withActiveDeadlineSeconds(policy.activeDeadlineSeconds)
        .withTtlSecondsAfterFinished(policy.ttlSecondsAfterFinished)
        // Kueue admits a queued Job by unsuspending it: it must be created suspended.
        .withSuspend(Boolean.TRUE.equals(policy.suspend) || queue != null)
        .withCompletions(1)
        .withParallelism(1)
        .withPodFailurePolicy(RestrictedPods.failurePolicy())
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(PodSettings.labels(run.getSpec().pod, RunLabels.of(run, "trainer")))
        .withAnnotations(PodSettings.annotations(run.getSpec().pod))
        .endMetadata()
        .withSpec(podSpec(run, snapshotName, settings, placement))
        .endTemplate()
        .endSpec()
        .build();
  }

  private static PodSpec podSpec(
      TrainingRun run, String snapshotName, OperatorSettings settings, GpuPlacement placement) {
    OutputLocation output = TrainerOutput.resolve(run, settings);
    PodSpecBuilder pod =
        new PodSpecBuilder()
            .withRestartPolicy("Never")
            .withServiceAccountName(RunNames.trainerAccess(run))
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .withAffinity(placement.affinity())
            .withSecurityContext(RestrictedPods.podSecurity(settings.runAsUser()))
            .withContainers(container(run, settings, placement, output))
            .withVolumes(volumes(snapshotName, settings, output));
    return PodSettings.apply(pod, run.getSpec().pod, placement.tolerations()).build();
  }

  private static Container container(
      TrainingRun run, OperatorSettings settings, GpuPlacement placement, OutputLocation output) {
    ComputeResources resources =
        run.getSpec().resources == null ? new ComputeResources() : run.getSpec().resources;
    Map<String, Quantity> amounts = new LinkedHashMap<>();
    amounts.put("cpu", resources.cpu == null ? new Quantity(settings.defaultCpu()) : resources.cpu);
    amounts.put(
        "memory",
        resources.memory == null ? new Quantity(settings.defaultMemory()) : resources.memory);
    if (placement.gpus() > 0) {
      amounts.put(GpuPlacement.GPU_RESOURCE, new Quantity(String.valueOf(placement.gpus())));
    }
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(RestrictedPods.mount(SNAPSHOT_VOLUME, SNAPSHOT_DIR, true));
    mounts.add(RestrictedPods.mount("tmp", "/tmp", false));
    mounts.add(RestrictedPods.mount("cache", RestrictedPods.CACHE_DIR, false));
    mounts.add(RestrictedPods.mount("dshm", "/dev/shm", false));
    mounts.add(RestrictedPods.mount("token", RestrictedPods.TOKEN_DIR, true));
    mounts.add(TrainerOutput.mount(output));
    ContainerBuilder container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(settings.trainerImage())
            .withImagePullPolicy(settings.imagePullPolicy())
            .withArgs(
                "train",
                "-f",
                SNAPSHOT_DIR + "/" + SnapshotBuilder.RUN_KEY,
                "--architecture",
                SNAPSHOT_DIR + "/" + SnapshotBuilder.ARCHITECTURE_KEY,
                "--output",
                TrainerOutput.localDirectory(run))
            .withEnv(env(run, output))
            .withResources(
                new ResourceRequirementsBuilder().withRequests(amounts).withLimits(amounts).build())
            .withVolumeMounts(mounts)
            .withSecurityContext(RestrictedPods.containerSecurity());
    if (output != null && output.credentialsSecret != null) {
      container
          .addNewEnvFrom()
          .withNewSecretRef()
          .withName(output.credentialsSecret.name)
          .endSecretRef()
          .endEnvFrom();
    }
    return container.build();
  }

  private static List<EnvVar> env(TrainingRun run, OutputLocation output) {
    List<EnvVar> env =
        RestrictedPods.identityEnv("NEURALFORGE_TRAININGRUN", run.getMetadata().getName());
    if (output != null && output.uri != null) {
      env.add(new EnvVar("NEURALFORGE_OUTPUT_URI", TrainerOutput.directory(run, output), null));
    }
    return env;
  }

  private static List<Volume> volumes(
      String snapshotName, OperatorSettings settings, OutputLocation output) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(RestrictedPods.configMap(SNAPSHOT_VOLUME, snapshotName));
    volumes.add(RestrictedPods.emptyDir("tmp"));
    volumes.add(RestrictedPods.emptyDir("cache"));
    volumes.add(RestrictedPods.memoryDir("dshm", settings.sharedMemory()));
    volumes.add(RestrictedPods.token("token"));
    volumes.add(TrainerOutput.volume(output));
    return volumes;
  }
}
