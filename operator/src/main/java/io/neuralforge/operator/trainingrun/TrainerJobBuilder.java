package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import io.neuralforge.api.v1alpha1.ComputeResources;
import io.neuralforge.api.v1alpha1.OutputLocation;
import io.neuralforge.api.v1alpha1.PodOverrides;
import io.neuralforge.api.v1alpha1.RunPolicy;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
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
  public static final String CONTAINER = "trainer";
  public static final String SNAPSHOT_DIR = "/etc/neuralforge/run";
  public static final String OUTPUT_DIR = "/output";
  public static final String TOKEN_DIR = "/var/run/secrets/neuralforge.io/serviceaccount";
  public static final String CACHE_DIR = "/cache";
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
        .withOwnerReferences(SnapshotBuilder.ownedBy(run))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(policy.backoffLimit == null ? DEFAULT_BACKOFF_LIMIT : policy.backoffLimit)
        .withActiveDeadlineSeconds(policy.activeDeadlineSeconds)
        .withTtlSecondsAfterFinished(policy.ttlSecondsAfterFinished)
        // Kueue admits a queued Job by unsuspending it: it must be created suspended.
        .withSuspend(Boolean.TRUE.equals(policy.suspend) || queue != null)
        .withCompletions(1)
        .withParallelism(1)
        .withPodFailurePolicy(failurePolicy())
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels(run))
        .withAnnotations(overrides(run).annotations)
        .endMetadata()
        .withSpec(podSpec(run, snapshotName, settings, placement))
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The trainer's permanent failures end the Job; disruptions are retried for free. */
  private static PodFailurePolicy failurePolicy() {
    return new PodFailurePolicyBuilder()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName(CONTAINER)
        .withOperator("In")
        .withValues(1, 2)
        .endOnExitCodes()
        .endRule()
        .addNewRule()
        .withAction("Ignore")
        .addNewOnPodCondition()
        .withType("DisruptionTarget")
        .withStatus("True")
        .endOnPodCondition()
        .endRule()
        .build();
  }

  private static PodOverrides overrides(TrainingRun run) {
    return run.getSpec().pod == null ? new PodOverrides() : run.getSpec().pod;
  }

  private static Map<String, String> podLabels(TrainingRun run) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (overrides(run).labels != null) {
      overrides(run).labels.forEach(labels::put);
    }
    labels.putAll(RunLabels.of(run, "trainer"));
    return labels;
  }

  private static PodSpec podSpec(
      TrainingRun run, String snapshotName, OperatorSettings settings, GpuPlacement placement) {
    PodOverrides pod = overrides(run);
    List<Toleration> tolerations = new ArrayList<>(placement.tolerations());
    if (pod.tolerations != null) {
      tolerations.addAll(pod.tolerations);
    }
    OutputLocation output = TrainerOutput.resolve(run, settings);
    return new PodSpecBuilder()
        .withRestartPolicy("Never")
        .withServiceAccountName(RunNames.trainerAccess(run))
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withPriorityClassName(pod.priorityClassName)
        .withRuntimeClassName(pod.runtimeClassName)
        .withImagePullSecrets(
            pod.imagePullSecrets == null
                ? List.of()
                : pod.imagePullSecrets.stream().map(s -> new LocalObjectReference(s.name)).toList())
        .withNodeSelector(pod.nodeSelector)
        .withAffinity(placement.affinity())
        .withTolerations(tolerations)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(settings.runAsUser())
        .withRunAsGroup(settings.runAsUser())
        .withFsGroup(settings.runAsUser())
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(container(run, settings, placement, output))
        .withVolumes(volumes(snapshotName, settings, output))
        .build();
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
    mounts.add(mount("snapshot", SNAPSHOT_DIR, true));
    mounts.add(mount("tmp", "/tmp", false));
    mounts.add(mount("cache", CACHE_DIR, false));
    mounts.add(mount("dshm", "/dev/shm", false));
    mounts.add(mount("token", TOKEN_DIR, true));
    VolumeMount outputMount = mount("output", OUTPUT_DIR, false);
    if (output != null && output.pvc != null && output.pvc.subPath != null) {
      outputMount.setSubPath(output.pvc.subPath);
    }
    mounts.add(outputMount);
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
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withRunAsNonRoot(true)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext();
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
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("NEURALFORGE_TRAININGRUN", run.getMetadata().getName(), null));
    env.add(
        new EnvVarBuilder()
            .withName("NEURALFORGE_NAMESPACE")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endValueFrom()
            .build());
    env.add(new EnvVar("NEURALFORGE_SERVICEACCOUNT_DIR", TOKEN_DIR, null));
    env.add(new EnvVar("NEURALFORGE_CACHE", CACHE_DIR, null));
    env.add(new EnvVar("HOME", "/tmp", null));
    if (output != null && output.uri != null) {
      env.add(new EnvVar("NEURALFORGE_OUTPUT_URI", TrainerOutput.directory(run, output), null));
    }
    return env;
  }

  private static VolumeMount mount(String name, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(name)
        .withMountPath(path)
        .withReadOnly(readOnly ? true : null)
        .build();
  }

  private static List<Volume> volumes(
      String snapshotName, OperatorSettings settings, OutputLocation output) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName("snapshot")
            .withNewConfigMap()
            .withName(snapshotName)
            .endConfigMap()
            .build());
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    volumes.add(new VolumeBuilder().withName("cache").withNewEmptyDir().endEmptyDir().build());
    volumes.add(
        new VolumeBuilder()
            .withName("dshm")
            .withNewEmptyDir()
            .withMedium("Memory")
            .withSizeLimit(new Quantity(settings.sharedMemory()))
            .endEmptyDir()
            .build());
    volumes.add(
        new VolumeBuilder()
            .withName("token")
            .withNewProjected()
            .addNewSource()
            .withNewServiceAccountToken()
            .withPath("token")
            .withExpirationSeconds(3600L)
            .endServiceAccountToken()
            .endSource()
            .addNewSource()
            .withNewConfigMap()
            .withName("kube-root-ca.crt")
            .addNewItem("ca.crt", null, "ca.crt")
            .endConfigMap()
            .endSource()
            .addNewSource()
            .withNewDownwardAPI()
            .addNewItem()
            .withPath("namespace")
            .withNewFieldRef()
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endItem()
            .endDownwardAPI()
            .endSource()
            .endProjected()
            .build());
    if (output != null && output.pvc != null) {
      volumes.add(
          new VolumeBuilder()
              .withName("output")
              .withNewPersistentVolumeClaim()
              .withClaimName(output.pvc.claimName)
              .endPersistentVolumeClaim()
              .build());
    } else {
      volumes.add(new VolumeBuilder().withName("output").withNewEmptyDir().endEmptyDir().build());
    }
    return volumes;
  }
}
