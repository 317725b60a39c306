package io.neuralforge.operator.trainingrun.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.status.UnrunnableSpecException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class TrainerJobBuilderTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  public static TrainingRun run(String spec) {
    String yaml =
        "apiVersion: neuralforge.io/v1alpha1\nkind: TrainingRun\n"
            + "metadata: {name: r1, namespace: team-a, uid: 0000-1111}\n"
            + "spec:\n"
            + "  architectureRef: {name: lenet-bn}\n"
            + "  dataset: {builtin: fashion-mnist}\n"
            + spec;
    return YAML.unmarshal(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), TrainingRun.class);
  }

  private static Job job(String spec) {
    return TrainerJobBuilder.build(
        run(spec), "r1-graph-0123456789", "sha256:0123456789ab", OperatorSettings.defaults());
  }

  private static Container trainer(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void t4IsRequiredAffinityOverEveryKnownLabelWithTolerationAndGpuLimit() {
    Job job = job("  resources: {gpu: {type: t4, count: 2}, cpu: \"8\", memory: 32Gi}\n");
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    List<NodeSelectorTerm> terms =
        pod.getAffinity()
            .getNodeAffinity()
            .getRequiredDuringSchedulingIgnoredDuringExecution()
            .getNodeSelectorTerms();
    assertThat(terms)
        .extracting(
            t ->
                t.getMatchExpressions().get(0).getKey()
                    + "="
                    + t.getMatchExpressions().get(0).getValues())
        .containsExactly(
            "nvidia.com/gpu.product=[Tesla-T4]",
            "cloud.google.com/gke-accelerator=[nvidia-tesla-t4]",
            "karpenter.k8s.aws/instance-gpu-name=[t4]",
            "eks.amazonaws.com/instance-gpu-name=[t4]");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
              assertThat(t.getOperator()).isEqualTo("Exists");
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
    Map<String, Quantity> limits = trainer(job).getResources().getLimits();
    assertThat(limits.get("nvidia.com/gpu")).isEqualTo(new Quantity("2"));
    assertThat(limits.get("cpu")).isEqualTo(new Quantity("8"));
    assertThat(limits.get("memory")).isEqualTo(new Quantity("32Gi"));
    assertThat(trainer(job).getResources().getRequests()).isEqualTo(limits);
  }

  @Test
  void a10gMatchesBothProductNamesAndAnyHasNoAffinity() {
    PodSpec a10g = job("  resources: {gpu: {type: a10g}}\n").getSpec().getTemplate().getSpec();
    assertThat(
            a10g.getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()
                .get(0)
                .getMatchExpressions()
                .get(0)
                .getValues())
        .containsExactly("NVIDIA-A10G", "NVIDIA-A10G-SHARED");
    Job any = job("  resources: {gpu: {type: any, count: 4}}\n");
    assertThat(any.getSpec().getTemplate().getSpec().getAffinity()).isNull();
    assertThat(any.getSpec().getTemplate().getSpec().getTolerations()).hasSize(1);
    assertThat(trainer(any).getResources().getLimits().get("nvidia.com/gpu"))
        .isEqualTo(new Quantity("4"));
  }

  @Test
  void noGpuAsksForNoGpuAndToleratesNoGpuTaint() {
    Job none = job("  resources: {gpu: {type: none}}\n");
    PodSpec pod = none.getSpec().getTemplate().getSpec();
    assertThat(pod.getAffinity()).isNull();
    assertThat(pod.getTolerations()).isEmpty();
    assertThat(trainer(none).getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
    assertThat(trainer(job("")).getResources().getLimits())
        .containsEntry("cpu", new Quantity("2"))
        .containsEntry("memory", new Quantity("8Gi"))
        .doesNotContainKey("nvidia.com/gpu");
  }

  @Test
  void thePodPassesPodSecurityRestricted() {
    Job job = job("");
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var container = trainer(job).getSecurityContext();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).isNull());
    // where it writes is an emptyDir; /dev/shm is memory-backed
    assertThat(trainer(job).getVolumeMounts())
        .extracting(m -> m.getMountPath())
        .contains("/tmp", "/cache", "/output", "/dev/shm", "/etc/neuralforge/run");
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("dshm"))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir().getMedium()).isEqualTo("Memory"));
  }

  @Test
  void permanentExitCodesFailAtOnceAndDisruptionsAreFree() {
    Job job =
        job(
            "  runPolicy: {backoffLimit: 5, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 600}\n");
    var rules = job.getSpec().getPodFailurePolicy().getRules();
    assertThat(rules.get(0).getAction()).isEqualTo("FailJob");
    // 1 rejected, 2 unreadable, 4 fewer GPUs visible than asked for: no retry cures them
    assertThat(rules.get(0).getOnExitCodes().getValues()).containsExactly(1, 2, 4);
    assertThat(rules.get(0).getOnExitCodes().getContainerName()).isEqualTo("trainer");
    assertThat(rules.get(1).getAction()).isEqualTo("Ignore");
    assertThat(rules.get(1).getOnPodConditions().get(0).getType()).isEqualTo("DisruptionTarget");
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(5);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(job("").getSpec().getBackoffLimit()).isEqualTo(2);
  }

  @Test
  void aKueueQueueIsPassedThroughAndTheJobStartsSuspended() {
    TrainingRun queued = run("");
    queued.getMetadata().setLabels(Map.of("kueue.x-k8s.io/queue-name", "team-a-gpus"));
    Job job = TrainerJobBuilder.build(queued, "s", null, OperatorSettings.defaults());
    assertThat(job.getMetadata().getLabels())
        .containsEntry("kueue.x-k8s.io/queue-name", "team-a-gpus");
    assertThat(job.getSpec().getSuspend()).isTrue();
    assertThat(job("").getSpec().getSuspend()).isFalse();
    assertThat(job("  runPolicy: {suspend: true}\n").getSpec().getSuspend()).isTrue();
  }

  @Test
  void podOverridesTheOperatorAllowsReachThePodAndTheOperatorsLabelsWin(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("operator.yaml");
    Files.writeString(
        config, "podAllowList: {annotationPrefixes: [example.com/], tolerationKeys: [spot]}\n");
    Job job =
        TrainerJobBuilder.build(
            run(
                """
              resources: {gpu: {type: t4}}
              pod:
                priorityClassName: high
                runtimeClassName: nvidia
                imagePullSecrets: [{name: registry}]
                nodeSelector: {topology.kubernetes.io/zone: us-east-1a}
                tolerations: [{key: spot, operator: Exists, effect: NoSchedule}]
                annotations: {example.com/team: vision}
                labels: {team: vision, neuralforge.io/training-run: spoofed}
            """),
            "r1-graph-0123456789",
            null,
            OperatorSettings.load(config));
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getPriorityClassName()).isEqualTo("high");
    assertThat(pod.getRuntimeClassName()).isEqualTo("nvidia");
    assertThat(pod.getImagePullSecrets()).extracting(s -> s.getName()).containsExactly("registry");
    assertThat(pod.getNodeSelector()).containsEntry("topology.kubernetes.io/zone", "us-east-1a");
    assertThat(pod.getTolerations())
        .extracting(t -> t.getKey())
        .containsExactly("nvidia.com/gpu", "spot");
    var meta = job.getSpec().getTemplate().getMetadata();
    assertThat(meta.getAnnotations()).containsEntry("example.com/team", "vision");
    assertThat(meta.getLabels())
        .containsEntry("team", "vision")
        .containsEntry("neuralforge.io/training-run", "r1");
  }

  @Test
  void theTrainerRunsTheSnapshotWithItsOwnIdentityAndIsOwnedByTheRun() {
    Job job = job("  output: {uri: \"s3://models/runs/\", credentialsSecret: {name: s3-creds}}\n");
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("r1-trainer");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(trainer(job).getArgs())
        .containsExactly(
            "train",
            "-f",
            "/etc/neuralforge/run/run.json",
            "--architecture",
            "/etc/neuralforge/run/architecture.json",
            "--output",
            "/output/team-a/r1");
    assertThat(trainer(job).getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("NEURALFORGE_OUTPUT_URI");
              assertThat(e.getValue()).isEqualTo("s3://models/runs/team-a/r1/");
            });
    assertThat(pod.getVolumes())
        .anySatisfy(
            v ->
                assertThat(v.getConfigMap() == null ? null : v.getConfigMap().getName())
                    .isEqualTo("r1-graph-0123456789"));
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("TrainingRun");
              assertThat(o.getUid()).isEqualTo("0000-1111");
              assertThat(o.getController()).isTrue();
            });
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry("neuralforge.io/graph-hash", "sha256:0123456789ab");
  }

  @Test
  void aPvcOutputIsMountedWithItsSubPath() {
    Job job = job("  output: {pvc: {claimName: results, subPath: experiments}}\n");
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .anySatisfy(
            v ->
                assertThat(
                        v.getPersistentVolumeClaim() == null
                            ? null
                            : v.getPersistentVolumeClaim().getClaimName())
                    .isEqualTo("results"));
    assertThat(trainer(job).getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/output");
              assertThat(m.getSubPath()).isEqualTo("experiments");
            });
  }

  private static Map<String, String> env(Job job) {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    trainer(job).getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }

  @Test
  void theTrainerKnowsItsGraphHashAndImage() {
    assertThat(env(job("")))
        .containsEntry("NEURALFORGE_GRAPH_HASH", "sha256:0123456789ab")
        .containsEntry("NEURALFORGE_TRAINER_IMAGE", OperatorSettings.DEFAULT_TRAINER_IMAGE)
        .doesNotContainKeys("NEURALFORGE_MLFLOW_URI", "NEURALFORGE_MLFLOW_EXPERIMENT");
  }

  @Test
  void theTrainersThreadsComeFromItsCpuLimitThroughTheKubeletNotFromTheNodesCores() {
    // the kubelet resolves the reference, rounding up; GpuImagesIT sees it on the real node
    Job job = job("  resources: {cpu: 1500m}\n");
    var threads =
        trainer(job).getEnv().stream()
            .filter(e -> e.getName().equals("OMP_NUM_THREADS"))
            .findFirst()
            .orElseThrow()
            .getValueFrom()
            .getResourceFieldRef();
    assertThat(threads.getResource()).isEqualTo("limits.cpu");
    assertThat(threads.getDivisor()).isEqualTo(new Quantity("1"));
    assertThat(trainer(job).getResources().getLimits().get("cpu").toString()).isEqualTo("1500m");
  }

  @Test
  void gpuRunsGetTheCudaImageAndCpuRunsTheCpuImage(@TempDir Path dir) throws Exception {
    for (String gpu : List.of("t4", "a10g", "any")) {
      Job job = job("  resources: {gpu: {type: " + gpu + "}}\n");
      assertThat(trainer(job).getImage()).as(gpu).isEqualTo("neuralforge/trainer:0.1.0-cuda");
      assertThat(env(job)).containsEntry("NEURALFORGE_TRAINER_IMAGE", trainer(job).getImage());
    }
    assertThat(trainer(job("  resources: {gpu: {type: none}}\n")).getImage())
        .isEqualTo("neuralforge/trainer:0.1.0-cpu");
    assertThat(trainer(job("")).getImage()).isEqualTo("neuralforge/trainer:0.1.0-cpu");

    Path config = dir.resolve("operator.yaml");
    Files.writeString(
        config,
        "trainerImage: registry.example/trainer:2-cpu\n"
            + "cudaTrainerImage: registry.example/trainer:2-cuda\n");
    OperatorSettings settings = OperatorSettings.load(config);
    Job t4 =
        TrainerJobBuilder.build(
            run("  resources: {gpu: {type: t4}}\n"), "r1-graph-0123456789", null, settings);
    Job cpu = TrainerJobBuilder.build(run(""), "r1-graph-0123456789", null, settings);
    assertThat(trainer(t4).getImage()).isEqualTo("registry.example/trainer:2-cuda");
    assertThat(trainer(cpu).getImage()).isEqualTo("registry.example/trainer:2-cpu");
  }

  @Test
  void theRunsMlflowServerAndExperimentReachTheTrainer() {
    Job job =
        job("  tracking: {mlflow: {uri: \"http://mlflow.ml-tools:5000\", experiment: fashion}}\n");
    assertThat(env(job))
        .containsEntry("NEURALFORGE_MLFLOW_URI", "http://mlflow.ml-tools:5000")
        .containsEntry("NEURALFORGE_MLFLOW_EXPERIMENT", "fashion");
  }

  @Test
  void theOperatorsMlflowServerIsTheDefaultAndKeepsEachNamespaceInItsOwnExperiments(
      @TempDir Path dir) throws Exception {
    Path config = dir.resolve("operator.yaml");
    Files.writeString(
        config,
        "trainerImage: \"registry.example/trainer:1\"\nmlflowTrackingUri: http://mlflow:5000\n");
    OperatorSettings settings = OperatorSettings.load(config);
    assertThat(settings.mlflowTrackingUri()).isEqualTo("http://mlflow:5000");
    assertThat(OperatorSettings.defaults().mlflowTrackingUri()).isNull();

    Job byDefault = TrainerJobBuilder.build(run(""), "r1-graph-0123456789", null, settings);
    assertThat(env(byDefault))
        .containsEntry("NEURALFORGE_MLFLOW_URI", "http://mlflow:5000")
        .containsEntry("NEURALFORGE_MLFLOW_EXPERIMENT", "team-a")
        .containsEntry("NEURALFORGE_TRAINER_IMAGE", "registry.example/trainer:1")
        .doesNotContainKey("NEURALFORGE_GRAPH_HASH");

    Job experimentOnly =
        TrainerJobBuilder.build(
            run("  tracking: {mlflow: {experiment: fashion}}\n"),
            "r1-graph-0123456789",
            null,
            settings);
    assertThat(env(experimentOnly))
        .containsEntry("NEURALFORGE_MLFLOW_URI", "http://mlflow:5000")
        .containsEntry("NEURALFORGE_MLFLOW_EXPERIMENT", "team-a/fashion");

    Job ownServer =
        TrainerJobBuilder.build(
            run("  tracking: {mlflow: {uri: \"https://mlflow.team-a.example\"}}\n"),
            "r1-graph-0123456789",
            null,
            settings);
    assertThat(env(ownServer))
        .containsEntry("NEURALFORGE_MLFLOW_URI", "https://mlflow.team-a.example")
        .containsEntry("NEURALFORGE_MLFLOW_EXPERIMENT", "team-a");
  }

  @Test
  void aSpecPodTheOperatorDoesNotAllowMakesTheRunUnrunnableNamingTheField() {
    assertThatThrownBy(() -> job("  pod: {tolerations: [{operator: Exists}]}\n"))
        .isInstanceOf(UnrunnableSpecException.class)
        .hasMessageStartingWith(
            "spec.pod.tolerations[0]: operator Exists without a key tolerates every taint");
    assertThatThrownBy(() -> job("  pod: {priorityClassName: system-node-critical}\n"))
        .isInstanceOf(UnrunnableSpecException.class)
        .hasMessageStartingWith("spec.pod.priorityClassName: system-node-critical");
  }

  @Test
  void aCpuRunCannotTolerateTheGpuTaintAGpuRunMay() {
    String gpuTaint = "  pod: {tolerations: [{key: nvidia.com/gpu, operator: Exists}]}\n";
    assertThatThrownBy(() -> job(gpuTaint))
        .isInstanceOf(UnrunnableSpecException.class)
        .hasMessage(
            "spec.pod.tolerations[0]: key nvidia.com/gpu: a pod without a GPU request may not"
                + " tolerate the GPU taint, it would hold a GPU node");
    assertThatThrownBy(() -> job(gpuTaint + "  resources: {gpu: {type: none}}\n"))
        .isInstanceOf(UnrunnableSpecException.class);
    Job t4 = job(gpuTaint + "  resources: {gpu: {type: t4}}\n");
    assertThat(t4.getSpec().getTemplate().getSpec().getTolerations())
        .extracting(t -> t.getKey())
        .containsExactly("nvidia.com/gpu", "nvidia.com/gpu");
  }

  @Test
  void credentialsAreReadByDocumentedKeyNeverAsAWholeSecret() {
    Job job = job("  output: {uri: \"s3://models/runs/\", credentialsSecret: {name: s3-creds}}\n");
    Container trainer = trainer(job);
    assertThat(trainer.getEnvFrom()).isEmpty();
    Map<String, io.fabric8.kubernetes.api.model.SecretKeySelector> fromSecret =
        new java.util.LinkedHashMap<>();
    trainer.getEnv().stream()
        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
        .forEach(e -> fromSecret.put(e.getName(), e.getValueFrom().getSecretKeyRef()));
    assertThat(fromSecret.keySet())
        .containsExactly(
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_REGION",
            "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_S3");
    fromSecret.forEach(
        (name, ref) -> {
          assertThat(ref.getName()).as(name).isEqualTo("s3-creds");
          assertThat(ref.getKey()).as(name).isEqualTo(name);
          assertThat(ref.getOptional())
              .as(name)
              .isEqualTo(
                  name.startsWith("AWS_ACCESS") || name.startsWith("AWS_SECRET") ? null : true);
        });
    assertThat(env(job("")).keySet()).noneMatch(name -> name.startsWith("AWS_"));
  }

  @Test
  void scratchVolumesAreBoundedAndTheContainersDiskWhenConfigured(@TempDir Path dir)
      throws Exception {
    Job job = job("");
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Map<String, String> sizes = new java.util.LinkedHashMap<>();
    pod.getVolumes().stream()
        .filter(v -> v.getEmptyDir() != null)
        .forEach(v -> sizes.put(v.getName(), v.getEmptyDir().getSizeLimit().toString()));
    // /dev/shm is memory, bounded by sharedMemory; the rest is node disk
    assertThat(sizes)
        .containsEntry("dshm", "1Gi")
        .containsEntry("output", "10Gi")
        .containsEntry("tmp", "10Gi")
        .containsEntry("cache", "10Gi")
        .hasSize(4);
    assertThat(trainer(job).getResources().getLimits()).doesNotContainKey("ephemeral-storage");

    Path config = dir.resolve("operator.yaml");
    Files.writeString(config, "scratchStorage: {sizeLimit: 5Gi, request: 2Gi, limit: 16Gi}\n");
    Job configured =
        TrainerJobBuilder.build(
            run(""), "r1-graph-0123456789", null, OperatorSettings.load(config));
    assertThat(configured.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> "tmp".equals(v.getName()))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("5Gi")));
    var resources = trainer(configured).getResources();
    assertThat(resources.getRequests()).containsEntry("ephemeral-storage", new Quantity("2Gi"));
    assertThat(resources.getLimits()).containsEntry("ephemeral-storage", new Quantity("16Gi"));
    assertThat(resources.getLimits().get("memory"))
        .isEqualTo(resources.getRequests().get("memory"));
  }
}
