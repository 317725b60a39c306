package io.neuralforge.operator.trainingrun.objects;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neuralforge.api.v1alpha1.ComputeResources;
import io.neuralforge.api.v1alpha1.GpuRequest;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.OutputLocation;
import io.neuralforge.api.v1alpha1.RunPolicy;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.workload.RestrictedJob;
import io.neuralforge.operator.workload.RestrictedPods;
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
  public static final String SNAPSHOT_VOLUME = "snapshot";
  public static final String OUTPUT_DIR = "/output";
  public static final String MLFLOW_URI_ENV = "NEURALFORGE_MLFLOW_URI";
  public static final String MLFLOW_EXPERIMENT_ENV = "NEURALFORGE_MLFLOW_EXPERIMENT";

  private TrainerJobBuilder() {}

  /**
   * @param snapshotName the ConfigMap holding run.json and architecture.json
   * @param graphHash the snapshot's graph hash (null when unknown), kept on the Job as the record
   *     of what it trains
   */
  public static Job build(
      TrainingRun run, String snapshotName, String graphHash, OperatorSettings settings) {
    RunPolicy policy = run.getSpec().runPolicy == null ? new RunPolicy() : run.getSpec().runPolicy;
    GpuPlacement placement = GpuPlacement.of(gpuRequest(run), settings.gpuNodeLabels());
    OutputLocation output = TrainerOutput.resolve(run, settings);
    String image = TrainerImages.of(gpuRequest(run), settings);
    String queue = RunLabels.queueName(run);
    Map<String, String> jobLabels = RunLabels.of(run, "trainer");
    if (queue != null) {
      jobLabels.put(Labels.KUEUE_QUEUE, queue);
    }
    var parts =
        new RestrictedJob.Parts(
            run,
            RunNames.job(run),
            image,
            RunLabels.of(run, "trainer"),
            run.getSpec().pod,
            RunNames.trainerAccess(run),
            List.of(
                "train",
                "-f",
                SNAPSHOT_DIR + "/" + SnapshotBuilder.RUN_KEY,
                "--architecture",
                SNAPSHOT_DIR + "/" + SnapshotBuilder.ARCHITECTURE_KEY,
                "--output",
                TrainerOutput.localDirectory(run)),
            env(run, output, graphHash, image, settings),
            resources(run, settings, placement),
            output == null || output.credentialsSecret == null
                ? null
                : output.credentialsSecret.name,
            List.of(
                RestrictedPods.configMap(SNAPSHOT_VOLUME, snapshotName),
                RestrictedPods.memoryDir("dshm", settings.sharedMemory()),
                TrainerOutput.volume(output)),
            List.of(
                RestrictedPods.mount(SNAPSHOT_VOLUME, SNAPSHOT_DIR, true),
                RestrictedPods.mount("dshm", "/dev/shm", false),
                TrainerOutput.mount(output)),
            placement.affinity(),
            placement.tolerations());
    return RestrictedJob.builder(parts, settings)
        .editMetadata()
        .withLabels(jobLabels)
        .withAnnotations(annotations(run, graphHash))
        .endMetadata()
        .editSpec()
        .withBackoffLimit(
            policy.backoffLimit == null ? RestrictedJob.DEFAULT_BACKOFF_LIMIT : policy.backoffLimit)
        .withActiveDeadlineSeconds(policy.activeDeadlineSeconds)
        .withTtlSecondsAfterFinished(policy.ttlSecondsAfterFinished)
        // Kueue admits a queued Job by unsuspending it: it must be created suspended.
        .withSuspend(Boolean.TRUE.equals(policy.suspend) || queue != null)
        .endSpec()
        .build();
  }

  /** What the Job records of the run: the graph it trains and the spec it started with. */
  private static Map<String, String> annotations(TrainingRun run, String graphHash) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (graphHash != null) {
      annotations.put(Labels.GRAPH_HASH_ANNOTATION, graphHash);
    }
    annotations.put(StartedSpec.ANNOTATION, StartedSpec.digest(run));
    return annotations;
  }

  /** The run's CPU and memory (else the operator's defaults) as request and limit, and its GPUs. */
  private static Map<String, Quantity> resources(
      TrainingRun run, OperatorSettings settings, GpuPlacement placement) {
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
    return amounts;
  }

  /**
   * libtorch's threads as PyTorch would choose them in a pod given these CPUs: OpenMP otherwise
   * starts one thread per core of the node, which a CPU limit of a few cores throttles. The limit
   * in whole CPUs, rounded up (the kubelet resolves it; the node's CPUs without a limit).
   */
  static EnvVar threadsFromCpuLimit() {
    return new EnvVarBuilder()
        .withName("OMP_NUM_THREADS")
        .withNewValueFrom()
        .withNewResourceFieldRef()
        .withResource("limits.cpu")
        .withDivisor(new Quantity("1"))
        .endResourceFieldRef()
        .endValueFrom()
        .build();
  }

  /**
   * Who the trainer is and where it writes: the run, the namespace, the output prefix, the graph
   * hash and image it records, its threads, and the MLflow server and experiment it tracks the run
   * in ({@link TrackingTarget}).
   */
  private static List<EnvVar> env(
      TrainingRun run,
      OutputLocation output,
      String graphHash,
      String image,
      OperatorSettings settings) {
    List<EnvVar> env = RestrictedPods.identityEnv("NEURALFORGE_TRAININGRUN", run);
    if (output != null && output.uri != null) {
      env.add(new EnvVar("NEURALFORGE_OUTPUT_URI", TrainerOutput.directory(run, output), null));
    }
    if (graphHash != null) {
      env.add(new EnvVar("NEURALFORGE_GRAPH_HASH", graphHash, null));
    }
    env.add(new EnvVar("NEURALFORGE_TRAINER_IMAGE", image, null));
    env.add(threadsFromCpuLimit());
    TrackingTarget tracking = TrackingTarget.of(run, settings);
    if (tracking != null) {
      env.add(new EnvVar(MLFLOW_URI_ENV, tracking.uri(), null));
      env.add(new EnvVar(MLFLOW_EXPERIMENT_ENV, tracking.experiment(), null));
    }
    return env;
  }

  private static GpuRequest gpuRequest(TrainingRun run) {
    return run.getSpec().resources == null ? null : run.getSpec().resources.gpu;
  }
}
