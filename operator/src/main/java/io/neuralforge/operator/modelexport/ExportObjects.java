package io.neuralforge.operator.modelexport;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.OutputLocation;
import io.neuralforge.api.v1alpha1.RunOutputFiles;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.trainingrun.objects.TrainerOutput;
import io.neuralforge.operator.workload.JobObjects;
import io.neuralforge.operator.workload.Owners;
import io.neuralforge.operator.workload.RestrictedJob;
import io.neuralforge.operator.workload.RestrictedPods;
import io.neuralforge.operator.workload.StatusAccess;
import io.neuralforge.operator.workload.WorkloadNames;
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
 * @param servingUri the model repository holding it, what a model server loads
 */
public record ExportObjects(
    ConfigMap spec, List<HasMetadata> access, Job job, String artifactUri, String servingUri)
    implements JobObjects {
  /**
   * What an export pod asks for: one model and a few hundred validation samples, not a training run
   * (the trainer's defaults, 2 CPUs and 8Gi, left exports unschedulable on small CPU nodes).
   */
  static final String EXPORT_CPU = "1";

  static final String EXPORT_MEMORY = "4Gi";

  public static final String SPEC_DIR = "/etc/neuralforge/export";
  public static final String SPEC_KEY = "export.json";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** The model's name in its repository: spec.serving.modelName, else the export's name. */
  public static String modelName(ModelExport export) {
    var serving = export.getSpec().serving;
    return serving != null && serving.modelName != null
        ? serving.modelName
        : export.getMetadata().getName();
  }

  /**
   * @param output the run's output location; it must persist (an S3 prefix or a PVC)
   */
  public static ExportObjects build(
      ModelExport export, TrainingRun run, OutputLocation output, OperatorSettings settings) {
    String name = export.getMetadata().getName();
    String namespace = export.getMetadata().getNamespace();
    Map<String, String> labels = labels(export, "exporter");
    String folder = TrainerOutput.localDirectory(run);
    String served = modelName(export) + "/" + RunOutputFiles.SERVED_MODEL;
    String repository = RunOutputFiles.EXPORTS + name + "/";
    String file = folder + "/" + repository + served;
    String repositoryUri = TrainerOutput.directory(run, output) + repository;
    String artifactUri = repositoryUri + served;

    ModelExport copy = new ModelExport();
    copy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    copy.setSpec(export.getSpec());
    ConfigMap spec =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(WorkloadNames.fit(name, "-export-spec"))
            .withNamespace(namespace)
            .withLabels(labels(export, "export-spec"))
            .withOwnerReferences(Owners.ownedBy(export))
            .endMetadata()
            .withImmutable(true)
            .addToData(SPEC_KEY, JSON.asJson(copy))
            .build();
    String account = WorkloadNames.fit(name, "-exporter");
    List<EnvVar> env = RestrictedPods.identityEnv("NEURALFORGE_MODELEXPORT", export);
    env.add(new EnvVar("NEURALFORGE_ARTIFACT_URI", artifactUri, null));
    env.add(new EnvVar("NEURALFORGE_SERVING_URI", repositoryUri, null));
    RegistryTarget registry = RegistryTarget.of(export, run, settings);
    if (registry != null) {
      env.addAll(registry.env());
    }
    if (output.uri != null) {
      env.add(new EnvVar("NEURALFORGE_OUTPUT_URI", TrainerOutput.directory(run, output), null));
    }
    Map<String, Quantity> amounts = new LinkedHashMap<>();
    amounts.put("cpu", new Quantity(EXPORT_CPU));
    amounts.put("memory", new Quantity(EXPORT_MEMORY));
    var parts =
        new RestrictedJob.Parts(
            export,
            WorkloadNames.fit(name, "-export"),
            settings.trainerImage(), // exports run on the CPU
            labels,
            export.getSpec().pod,
            account,
            List.of("export", "-f", SPEC_DIR + "/" + SPEC_KEY, "--model", folder, "--output", file),
            env,
            amounts,
            output.credentialsSecret == null ? null : output.credentialsSecret.name,
            List.of(
                RestrictedPods.configMap("spec", spec.getMetadata().getName()),
                TrainerOutput.volume(output)),
            List.of(RestrictedPods.mount("spec", SPEC_DIR, true), TrainerOutput.mount(output)),
            null,
            List.of());
    Job job = RestrictedJob.builder(parts, settings).build();
    return new ExportObjects(
        spec,
        StatusAccess.build(export, "modelexports", account, labels(export, "exporter-access")),
        job,
        artifactUri,
        repositoryUri);
  }

  @Override
  public List<HasMetadata> prerequisites() {
    List<HasMetadata> before = new ArrayList<>();
    before.add(spec);
    before.addAll(access);
    return before;
  }

  static Map<String, String> labels(ModelExport export, String component) {
    Map<String, String> labels = WorkloadNames.labels(component);
    labels.put(Labels.MODEL_EXPORT, export.getMetadata().getName());
    return labels;
  }
}
