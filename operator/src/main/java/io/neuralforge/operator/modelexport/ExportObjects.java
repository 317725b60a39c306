package io.neuralforge.operator.modelexport;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.OutputLocation;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.trainingrun.RunLabels;
import io.neuralforge.operator.trainingrun.RunNames;
import io.neuralforge.operator.trainingrun.TrainerJobBuilder;
import io.neuralforge.operator.trainingrun.TrainerOutput;
import io.neuralforge.operator.workload.PodSettings;
import io.neuralforge.operator.workload.RestrictedPods;
import io.neuralforge.operator.workload.StatusAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the operator creates for a ModelExport, in creation order: a ConfigMap with the export's
 * manifest, the exporter's ServiceAccount, Role (its own status only) and RoleBinding, and a CPU
 * Job running {@code neuralforge export} on the run's output folder, writing the file beside it.
 *
 * @param artifactUri where the ONNX file ends up (s3://... or pvc://...)
 */
public record ExportObjects(ConfigMap spec, List<HasMetadata> access, Job job, String artifactUri) {
  /**
   * What an export pod asks for: one model and a few hundred validation samples, not a training run
   * (the trainer's defaults, 2 CPUs and 8Gi, left exports unschedulable on small CPU nodes).
   */
  static final String EXPORT_CPU = "1";

  static final String EXPORT_MEMORY = "4Gi";

  public static final String LABEL = "neuralforge.io/model-export";
  public static final String SPEC_DIR = "/etc/neuralforge/export";
  public static final String SPEC_KEY = "export.json";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /**
   * @param output the run's output location; it must persist (an S3 prefix or a PVC)
   */
  public static ExportObjects build(
      ModelExport export, TrainingRun run, OutputLocation output, OperatorSettings settings) {
    String name = export.getMetadata().getName();
    String namespace = export.getMetadata().getNamespace();
    Map<String, String> labels = labels(export, "exporter");
    String folder = TrainerOutput.localDirectory(run);
    String file = folder + "/exports/" + name + ".onnx";
    String artifactUri = TrainerOutput.directory(run, output) + "exports/" + name + ".onnx";

    ModelExport copy = new ModelExport();
    copy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    copy.setSpec(export.getSpec());
    ConfigMap spec =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(RunNames.fit(name, "-export-spec"))
            .withNamespace(namespace)
            .withLabels(labels(export, "export-spec"))
            .withOwnerReferences(StatusAccess.ownedBy(export))
            .endMetadata()
            .withImmutable(true)
            .addToData(SPEC_KEY, JSON.asJson(copy))
            .build();
    String account = RunNames.fit(name, "-exporter");
    List<EnvVar> env = RestrictedPods.identityEnv("NEURALFORGE_MODELEXPORT", name);
    env.add(new EnvVar("NEURALFORGE_ARTIFACT_URI", artifactUri, null));
    if (output.uri != null) {
      env.add(new EnvVar("NEURALFORGE_OUTPUT_URI", TrainerOutput.directory(run, output), null));
    }
    Map<String, Quantity> amounts = new LinkedHashMap<>();
    amounts.put("cpu", new Quantity(EXPORT_CPU));
    amounts.put("memory", new Quantity(EXPORT_MEMORY));
    var container =
        new io.fabric8.kubernetes.api.model.ContainerBuilder()
            .withName(RestrictedPods.CONTAINER)
            .withImage(settings.trainerImage())
            .withImagePullPolicy(settings.imagePullPolicy())
            .withArgs(
                "export", "-f", SPEC_DIR + "/" + SPEC_KEY, "--model", folder, "--output", file)
            .withEnv(env)
            .withNewResources()
            .withRequests(amounts)
            .withLimits(amounts)
            .endResources()
            .withVolumeMounts(
                RestrictedPods.mount("spec", SPEC_DIR, true),
                RestrictedPods.mount("tmp", "/tmp", false),
                RestrictedPods.mount("cache", RestrictedPods.CACHE_DIR, false),
                RestrictedPods.mount("token", RestrictedPods.TOKEN_DIR, true),
                TrainerOutput.mount(output))
            .withSecurityContext(RestrictedPods.containerSecurity());
    if (output.credentialsSecret != null) {
      container
          .addNewEnvFrom()
          .withNewSecretRef()
          .withName(output.credentialsSecret.name)
          .endSecretRef()
          .endEnvFrom();
    }
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName(RunNames.fit(name, "-export"))
            .withNamespace(namespace)
            .withLabels(labels)
            .withOwnerReferences(StatusAccess.ownedBy(export))
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(TrainerJobBuilder.DEFAULT_BACKOFF_LIMIT)
            .withCompletions(1)
            .withParallelism(1)
            .withPodFailurePolicy(RestrictedPods.failurePolicy())
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(PodSettings.labels(export.getSpec().pod, labels))
            .withAnnotations(PodSettings.annotations(export.getSpec().pod))
            .endMetadata()
            .withSpec(podSpec(export, spec, account, container.build(), output, settings))
            .endTemplate()
            .endSpec()
            .build();
    return new ExportObjects(
        spec,
        StatusAccess.build(export, "modelexports", account, labels(export, "exporter-access")),
        job,
        artifactUri);
  }

  private static io.fabric8.kubernetes.api.model.PodSpec podSpec(
      ModelExport export,
      ConfigMap spec,
      String account,
      io.fabric8.kubernetes.api.model.Container container,
      OutputLocation output,
      OperatorSettings settings) {
    var pod =
        new io.fabric8.kubernetes.api.model.PodSpecBuilder()
            .withRestartPolicy("Never")
            .withServiceAccountName(account)
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .withSecurityContext(RestrictedPods.podSecurity(settings.runAsUser()))
            .withContainers(container)
            .withVolumes(
                RestrictedPods.configMap("spec", spec.getMetadata().getName()),
                RestrictedPods.emptyDir("tmp"),
                RestrictedPods.emptyDir("cache"),
                RestrictedPods.token("token"),
                TrainerOutput.volume(output));
    return PodSettings.apply(pod, export.getSpec().pod, List.of()).build();
  }

  /** What the Job mounts and runs as, created before it. */
  public List<HasMetadata> prerequisites() {
    List<HasMetadata> before = new ArrayList<>();
    before.add(spec);
    before.addAll(access);
    return before;
  }

  public List<HasMetadata> all() {
    List<HasMetadata> all = new ArrayList<>(prerequisites());
    all.add(job);
    return all;
  }

  static Map<String, String> labels(ModelExport export, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(RunLabels.MANAGED_BY, RunLabels.OPERATOR);
    labels.put(RunLabels.COMPONENT, component);
    labels.put(LABEL, export.getMetadata().getName());
    return labels;
  }
}
