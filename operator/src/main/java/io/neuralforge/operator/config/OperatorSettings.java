package io.neuralforge.operator.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neuralforge.api.v1alpha1.OutputLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's configuration (Helm values end up here), read from a YAML file; every field has a
 * default, so an empty file or none at all works.
 *
 * @param trainerImage the CPU trainer image: runs with gpu.type none, and every export
 * @param imagePullPolicy for trainer pods
 * @param gpuNodeLabels per GPU type, node labels and the values any of which places a pod there
 * @param defaultOutput where runs without spec.output write (null: inside the pod, lost with it)
 * @param pendingDeadlineSeconds how long a trainer pod may stay Pending before its run fails
 * @param defaultCpu CPU request and limit when a run names none
 * @param defaultMemory memory request and limit when a run names none
 * @param sharedMemory the size of /dev/shm (memory-backed, counted against the memory limit)
 * @param runAsUser the non-root user trainer containers run as
 * @param mlflowTrackingUri the MLflow tracking server runs without spec.tracking.mlflow.uri log to
 *     (e.g. http://mlflow.ml-tools:5000); null: only runs that name one are tracked
 * @param cudaTrainerImage the CUDA trainer image: runs with gpu.type t4, a10g or any
 * @param podAllowList what a resource's spec.pod may set on its pod
 * @param scratchStorage the node disk a trainer or export pod may write
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperatorSettings(
    String trainerImage,
    String imagePullPolicy,
    Map<String, List<NodeLabel>> gpuNodeLabels,
    OutputLocation defaultOutput,
    Long pendingDeadlineSeconds,
    String defaultCpu,
    String defaultMemory,
    String sharedMemory,
    Long runAsUser,
    String mlflowTrackingUri,
    String cudaTrainerImage,
    PodAllowList podAllowList,
    ScratchStorage scratchStorage) {

  public static final String DEFAULT_TRAINER_IMAGE = "neuralforge/trainer:0.1.0-cpu";
  public static final String DEFAULT_CUDA_TRAINER_IMAGE = "neuralforge/trainer:0.1.0-cuda";

  /** A node label and the values that match. */
  public record NodeLabel(String key, List<String> values) {}

  public OperatorSettings {
    trainerImage = trainerImage == null ? DEFAULT_TRAINER_IMAGE : trainerImage;
    cudaTrainerImage = cudaTrainerImage == null ? DEFAULT_CUDA_TRAINER_IMAGE : cudaTrainerImage;
    imagePullPolicy = imagePullPolicy == null ? "IfNotPresent" : imagePullPolicy;
    gpuNodeLabels = gpuNodeLabels == null ? defaultGpuNodeLabels() : gpuNodeLabels;
    pendingDeadlineSeconds = pendingDeadlineSeconds == null ? 900L : pendingDeadlineSeconds;
    defaultCpu = defaultCpu == null ? "2" : defaultCpu;
    defaultMemory = defaultMemory == null ? "8Gi" : defaultMemory;
    sharedMemory = sharedMemory == null ? "1Gi" : sharedMemory;
    runAsUser = runAsUser == null ? 65532L : runAsUser;
    mlflowTrackingUri =
        mlflowTrackingUri == null || mlflowTrackingUri.isBlank() ? null : mlflowTrackingUri.strip();
    podAllowList = podAllowList == null ? PodAllowList.defaults() : podAllowList;
    scratchStorage = scratchStorage == null ? ScratchStorage.defaults() : scratchStorage;
  }

  /** The settings before mlflowTrackingUri (no default tracking server, the default images). */
  public OperatorSettings(
      String trainerImage,
      String imagePullPolicy,
      Map<String, List<NodeLabel>> gpuNodeLabels,
      OutputLocation defaultOutput,
      Long pendingDeadlineSeconds,
      String defaultCpu,
      String defaultMemory,
      String sharedMemory,
      Long runAsUser) {
    this(
        trainerImage,
        imagePullPolicy,
        gpuNodeLabels,
        defaultOutput,
        pendingDeadlineSeconds,
        defaultCpu,
        defaultMemory,
        sharedMemory,
        runAsUser,
        null,
        null,
        null,
        null);
  }

  public static OperatorSettings defaults() {
    return new OperatorSettings(
        null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** Reads the file, or gives the defaults when {@code file} is null. */
  public static OperatorSettings load(Path file) throws IOException {
    if (file == null) {
      return defaults();
    }
    try (InputStream in = Files.newInputStream(file)) {
      OperatorSettings read = new KubernetesSerialization().unmarshal(in, OperatorSettings.class);
      return read == null ? defaults() : read;
    }
  }

  /**
   * The labels real clusters carry for each GPU (docs/operations.md, "GPU placement"): GPU feature
   * discovery, GKE, and Karpenter/EKS; any one of them places the pod.
   */
  public static Map<String, List<NodeLabel>> defaultGpuNodeLabels() {
    Map<String, List<NodeLabel>> labels = new LinkedHashMap<>();
    labels.put(
        "t4",
        List.of(
            new NodeLabel("nvidia.com/gpu.product", List.of("Tesla-T4")),
            new NodeLabel("cloud.google.com/gke-accelerator", List.of("nvidia-tesla-t4")),
            new NodeLabel("karpenter.k8s.aws/instance-gpu-name", List.of("t4")),
            new NodeLabel("eks.amazonaws.com/instance-gpu-name", List.of("t4"))));
    labels.put(
        "a10g",
        List.of(
            new NodeLabel("nvidia.com/gpu.product", List.of("NVIDIA-A10G", "NVIDIA-A10G-SHARED")),
            new NodeLabel("karpenter.k8s.aws/instance-gpu-name", List.of("a10g")),
            new NodeLabel("eks.amazonaws.com/instance-gpu-name", List.of("a10g"))));
    return labels;
  }
}
