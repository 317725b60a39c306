package io.neuralforge.operator.modelexport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.trainingrun.objects.TrainerOutput;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Where an export is registered: on the operator's shared server only under its namespace's names,
 * under the training run's MLflow run only when that run was tracked on the same server.
 */
class RegistryTargetTest {
  private static final String SHARED_URI = "http://mlflow.ml-tools:5000";
  private static final OperatorSettings SHARED =
      new OperatorSettings(
          null, null, null, null, null, null, null, null, null, SHARED_URI, null, null, null);

  private static ModelExport export(String spec) {
    return ExportObjectsTest.load(
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: ModelExport
        metadata: {name: lenet-onnx, namespace: vision, uid: 1234}
        spec:
          trainingRunRef: {name: lenet}
        """
            + spec,
        ModelExport.class);
  }

  private static TrainingRun trackedRun(String tracking) {
    return ExportObjectsTest.load(
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingRun
        metadata: {name: lenet, namespace: vision}
        spec:
          architectureRef: {name: lenet-bn}
          dataset: {builtin: fashion-mnist}
        %s
        status:
          tracking: {mlflowRunId: run-42}
        """
            .formatted(tracking),
        TrainingRun.class);
  }

  @Test
  void noServerNoRegistration() {
    assertThat(RegistryTarget.of(export(""), trackedRun(""), OperatorSettings.defaults())).isNull();
    assertThat(RegistryTarget.unreachable(export(""), OperatorSettings.defaults())).isFalse();
    ModelExport asking = export("  registry: {mlflow: {name: m}}\n");
    assertThat(RegistryTarget.of(asking, trackedRun(""), OperatorSettings.defaults())).isNull();
    assertThat(RegistryTarget.unreachable(asking, OperatorSettings.defaults())).isTrue();
    assertThat(RegistryTarget.unreachable(asking, SHARED)).isFalse();
  }

  @Test
  void onTheSharedServerTheModelIsNamedForTheNamespaceAndUsesTheRunTrackedThere() {
    assertThat(RegistryTarget.of(export(""), trackedRun(""), SHARED))
        .isEqualTo(new RegistryTarget(SHARED_URI, "vision.lenet-onnx", "vision", "run-42"));
    assertThat(
            RegistryTarget.of(
                export("  registry: {mlflow: {name: fashion-lenet}}\n"),
                trackedRun("  tracking: {mlflow: {experiment: fashion}}"),
                SHARED))
        .isEqualTo(
            new RegistryTarget(SHARED_URI, "vision.fashion-lenet", "vision/fashion", "run-42"));
  }

  @Test
  void anOwnRegistryKeepsItsNameAndMakesItsOwnRunWhenTrainingWasTrackedElsewhere() {
    ModelExport export =
        export(
            "  serving: {modelName: lenet-fmnist}\n"
                + "  registry: {mlflow: {uri: \"https://mlflow.vision.example\"}}\n");
    assertThat(RegistryTarget.of(export, trackedRun(""), SHARED))
        .isEqualTo(
            new RegistryTarget("https://mlflow.vision.example", "lenet-fmnist", "vision", null));
    TrainingRun trackedThere =
        trackedRun("  tracking: {mlflow: {uri: \"https://mlflow.vision.example\", experiment: f}}");
    assertThat(RegistryTarget.of(export, trackedThere, OperatorSettings.defaults()))
        .isEqualTo(
            new RegistryTarget("https://mlflow.vision.example", "lenet-fmnist", "f", "run-42"));
  }

  @Test
  void theExporterIsToldInItsEnvironment() {
    TrainingRun run = ExportObjectsTest.run("{pvc: {claimName: models}}");
    var objects =
        ExportObjects.build(
            export("  registry: {mlflow: {uri: \"https://r.example\", name: m}}\n"),
            run,
            TrainerOutput.resolve(run, OperatorSettings.defaults()),
            OperatorSettings.defaults());
    Map<String, String> env =
        objects.job().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .filter(e -> e.getValue() != null)
            .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    assertThat(env)
        .containsEntry(RegistryTarget.URI_ENV, "https://r.example")
        .containsEntry(RegistryTarget.MODEL_ENV, "m")
        .containsEntry(RegistryTarget.EXPERIMENT_ENV, "vision")
        .doesNotContainKey(RegistryTarget.RUN_ID_ENV);
  }

  @Test
  void theInferenceServiceNamesTheChosenRuntime() {
    assertThat(InferenceServices.runtime(export(""))).isEqualTo("kserve-tritonserver");
    assertThat(
            InferenceServices.of(
                    export("  serving: {runtime: neuralforge-onnx}\n"), "pvc://models/x/")
                .getAdditionalProperties()
                .toString())
        .contains("runtime=neuralforge-onnx");
  }
}
