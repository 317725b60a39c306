package io.neuralforge.operator.modelexport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.PodOverrides;
import io.neuralforge.api.v1alpha1.TrainerExitCodes;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.status.UnrunnableSpecException;
import io.neuralforge.operator.trainingrun.objects.TrainerOutput;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

public class ExportObjectsTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  static <T> T load(String yaml, Class<T> type) {
    return YAML.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), type);
  }

  public static ModelExport export(String precision) {
    return load(
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: ModelExport
        metadata: {name: lenet-onnx, namespace: vision, uid: 1234, generation: 1}
        spec:
          trainingRunRef: {name: lenet}
          precision: %s
        """
            .formatted(precision),
        ModelExport.class);
  }

  static TrainingRun run(String output) {
    return load(
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingRun
        metadata: {name: lenet, namespace: vision}
        spec:
          architectureRef: {name: lenet-bn}
          dataset: {builtin: fashion-mnist}
          output: %s
        """
            .formatted(output),
        TrainingRun.class);
  }

  /** The objects of an fp16 export of a run that kept its output on the claim "models". */
  public static ExportObjects objects() {
    return build("{pvc: {claimName: models}}");
  }

  private static ExportObjects build(String output) {
    TrainingRun run = run(output);
    return ExportObjects.build(
        export("fp16"),
        run,
        TrainerOutput.resolve(run, OperatorSettings.defaults()),
        OperatorSettings.defaults());
  }

  @Test
  void theExporterReadsTheRunsFolderOnItsClaimAndWritesBesideIt() {
    ExportObjects objects = build("{pvc: {claimName: models, subPath: runs}}");
    assertThat(objects.artifactUri())
        .isEqualTo("pvc://models/runs/vision/lenet/exports/lenet-onnx/lenet-onnx/1/model.onnx");
    assertThat(objects.servingUri())
        .isEqualTo("pvc://models/runs/vision/lenet/exports/lenet-onnx/");
    PodSpec pod = objects.job().getSpec().getTemplate().getSpec();
    Container exporter = pod.getContainers().get(0);
    assertThat(exporter.getArgs())
        .containsExactly(
            "export",
            "-f",
            "/etc/neuralforge/export/export.json",
            "--model",
            "/output/vision/lenet",
            "--output",
            "/output/vision/lenet/exports/lenet-onnx/lenet-onnx/1/model.onnx");
    assertThat(pod.getVolumes())
        .anySatisfy(
            v ->
                assertThat(
                        v.getPersistentVolumeClaim() == null
                            ? null
                            : v.getPersistentVolumeClaim().getClaimName())
                    .isEqualTo("models"));
    assertThat(exporter.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getSubPath()).isEqualTo("runs"));
    assertThat(objects.spec().getData().get("export.json")).contains("\"precision\":\"fp16\"");
  }

  @Test
  void itIsACpuPodUnderRestrictedWithItsOwnStatusOnly() {
    ExportObjects objects = build("{uri: \"s3://models/runs/\", credentialsSecret: {name: s3}}");
    PodSpec pod = objects.job().getSpec().getTemplate().getSpec();
    Container exporter = pod.getContainers().get(0);
    assertThat(exporter.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
    assertThat(exporter.getResources().getRequests().get("cpu").toString()).isEqualTo("1");
    assertThat(pod.getAffinity()).isNull();
    assertThat(pod.getTolerations()).isEmpty();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(exporter.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(exporter.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(exporter.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("NEURALFORGE_OUTPUT_URI");
              assertThat(e.getValue()).isEqualTo("s3://models/runs/vision/lenet/");
            });
    assertThat(exporter.getEnvFrom()).isEmpty();
    assertThat(exporter.getEnv())
        .filteredOn(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
        .extracting(e -> e.getName() + "=" + e.getValueFrom().getSecretKeyRef().getName())
        .contains("AWS_ACCESS_KEY_ID=s3", "AWS_SECRET_ACCESS_KEY=s3", "AWS_SESSION_TOKEN=s3");
    Role role = (Role) objects.access().get(1);
    assertThat(role.getRules().get(0).getResources()).containsExactly("modelexports/status");
    assertThat(role.getRules().get(0).getResourceNames()).containsExactly("lenet-onnx");
    assertThat(objects.job().getMetadata().getOwnerReferences().get(0).getKind())
        .isEqualTo("ModelExport");
    assertThat(
            objects
                .job()
                .getSpec()
                .getPodFailurePolicy()
                .getRules()
                .get(0)
                .getOnExitCodes()
                .getValues())
        .containsExactlyElementsOf(TrainerExitCodes.PERMANENT);
  }

  @Test
  void anExportIsACpuPodAndMayNotTolerateTheGpuTaint() {
    ModelExport export = export("fp32");
    export.getSpec().pod =
        load("tolerations: [{key: nvidia.com/gpu, operator: Exists}]", PodOverrides.class);
    assertThatThrownBy(
            () ->
                ExportObjects.build(
                    export,
                    run("{pvc: {claimName: models}}"),
                    run("{pvc: {claimName: models}}").getSpec().output,
                    OperatorSettings.defaults()))
        .isInstanceOf(UnrunnableSpecException.class)
        .hasMessageStartingWith("spec.pod.tolerations[0]: key nvidia.com/gpu: a pod without a GPU");
  }
}
