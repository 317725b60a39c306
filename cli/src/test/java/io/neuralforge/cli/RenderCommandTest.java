package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** neuralforge render: the objects the operator would create, from the manifests alone. */
class RenderCommandTest {
  private static final String RUN = "../examples/trainingruns/fashion-mnist-lenet.yaml";
  private static final String ARCH = "../examples/architectures/lenet-bn.yaml";

  private static List<JsonNode> documents(String yaml) throws IOException {
    try (MappingIterator<JsonNode> docs =
        Manifests.YAML_READER.readerFor(JsonNode.class).readValues(yaml)) {
      return docs.readAll().stream().filter(d -> d != null && !d.isNull()).toList();
    }
  }

  private static JsonNode ofKind(List<JsonNode> docs, String kind) {
    return docs.stream()
        .filter(d -> kind.equals(d.path("kind").asText()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aSweepRendersTheRunsItStartsWith() throws IOException {
    CliRun r = CliRun.of("render", "-f", "../examples/trainingsweeps/digits-mlp-sweep.yaml");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> runs = documents(r.out());
    assertThat(runs).hasSize(2); // parallelRuns
    assertThat(runs)
        .extracting(d -> d.at("/metadata/name").asText())
        .containsExactly("digits-mlp-0", "digits-mlp-1");
    assertThat(runs).allMatch(d -> d.path("kind").asText().equals("TrainingRun"));
    JsonNode second = runs.get(1);
    assertThat(second.at("/metadata/labels/neuralforge.io~1sweep-index").asText()).isEqualTo("1");
    assertThat(second.at("/spec/architectureRef/name").asText()).isEqualTo("mlp-digits-narrow");
    assertThat(second.at("/spec/hyperparameters/optimizer/learningRate").asDouble())
        .isEqualTo(0.01);
    assertThat(second.at("/spec/hyperparameters/epochs").asInt()).isEqualTo(3); // the template's

    CliRun random = CliRun.of("render", "-f", "../examples/trainingsweeps/lenet-lr-random.yaml");
    assertThat(random.exitCode()).as(random.err()).isZero();
    for (JsonNode run : documents(random.out())) {
      assertThat(run.at("/spec/hyperparameters/optimizer/learningRate").asDouble())
          .isBetween(1e-4, 1e-2);
    }
  }

  @Test
  void aSweepWithAPathNoRunHasIsRefusedNamingIt(@TempDir Path dir) throws IOException {
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(
        sweep,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingSweep
        metadata: {name: typo}
        spec:
          template: {architectureRef: {name: mlp-digits}, dataset: {builtin: digits}}
          parameters: [{path: hyperparameters.learningRate, values: [0.1]}]
        """);
    CliRun r = CliRun.of("render", "-f", sweep.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("neuralforge: ")
        .contains("TrainingSweep typo: hyperparameters.learningRate: not a field a sweep can vary");
  }

  @Test
  void rendersTheSnapshotTheTrainersIdentityAndTheJob() throws IOException {
    CliRun r = CliRun.of("render", "-f", RUN, "--architecture", ARCH);
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> docs = documents(r.out());
    assertThat(docs)
        .extracting(d -> d.path("kind").asText())
        .containsExactly("ConfigMap", "ServiceAccount", "Role", "RoleBinding", "Job");
    JsonNode snapshot = ofKind(docs, "ConfigMap");
    assertThat(snapshot.path("immutable").asBoolean()).isTrue();
    assertThat(snapshot.path("data").path("architecture.json").asText()).contains("\"conv1\"");
    JsonNode pod = ofKind(docs, "Job").path("spec").path("template").path("spec");
    assertThat(
            pod.at(
                    "/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/values/0")
                .asText())
        .isEqualTo("Tesla-T4");
    assertThat(pod.at("/containers/0/resources/limits/nvidia.com~1gpu").asText()).isEqualTo("1");
    assertThat(pod.at("/tolerations/0/key").asText()).isEqualTo("nvidia.com/gpu");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/containers/0/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(pod.at("/volumes").toString()).contains(snapshot.at("/metadata/name").asText());
    assertThat(ofKind(docs, "Role").at("/rules/0/resourceNames/0").asText())
        .isEqualTo("lenet-fmnist");
  }

  @Test
  void anExportRendersItsJobAndTheInferenceServiceThatServesIt(@TempDir Path dir)
      throws IOException {
    Path both = dir.resolve("export.yaml");
    Files.writeString(
        both,
        Files.readString(Path.of("../examples/modelexports/fashion-mnist-lenet-onnx.yaml"))
            + "\n---\n"
            + Files.readString(Path.of(RUN))
            + "  output: {uri: \"s3://models/runs/\"}\n");
    CliRun r = CliRun.of("render", "-f", both.toString(), "--architecture", ARCH);
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> docs = documents(r.out());
    String file = ofKind(docs, "Job").at("/spec/template/spec/containers/0/args").toString();
    JsonNode model = ofKind(docs, "InferenceService").at("/spec/predictor/model");
    assertThat(model.at("/modelFormat/name").asText()).isEqualTo("onnx");
    assertThat(model.at("/modelFormat/version").isTextual())
        .as("a string, as KServe wants")
        .isTrue();
    assertThat(model.path("protocolVersion").asText()).isEqualTo("v2");
    assertThat(model.path("runtime").asText()).isEqualTo("kserve-tritonserver");
    String storage = model.path("storageUri").asText();
    assertThat(storage)
        .isEqualTo("s3://models/runs/default/lenet-fmnist/exports/lenet-fmnist-onnx/");
    // the exporter writes the model below that repository, in Triton's layout
    assertThat(file).contains("exports/lenet-fmnist-onnx/lenet-fmnist-onnx/1/model.onnx");
  }

  @Test
  void withoutTheArchitectureTheSnapshotIsLeftOutAndSaidSo() throws IOException {
    CliRun r = CliRun.of("render", "-f", RUN);
    assertThat(r.exitCode()).isZero();
    assertThat(documents(r.out()))
        .extracting(d -> d.path("kind").asText())
        .containsExactly("ServiceAccount", "Role", "RoleBinding", "Job");
    assertThat(r.err()).contains("Architecture lenet-bn not given");
  }

  @Test
  void operatorConfigurationChangesTheGpuLabelsAndImage(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("operator.yaml");
    Files.writeString(
        config,
        """
        trainerImage: registry.example/neuralforge/trainer:1.2.3-cpu
        cudaTrainerImage: registry.example/neuralforge/trainer:1.2.3-cuda
        gpuNodeLabels:
          t4: [{key: example.com/gpu, values: [t4-small, t4-large]}]
        """);
    CliRun r = CliRun.of("render", "-f", RUN, "--config", config.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode pod = ofKind(documents(r.out()), "Job").at("/spec/template/spec");
    // a T4 run: the CUDA image
    assertThat(pod.at("/containers/0/image").asText())
        .isEqualTo("registry.example/neuralforge/trainer:1.2.3-cuda");
    assertThat(
            pod.at(
                    "/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms")
                .size())
        .isEqualTo(1);
    assertThat(
            pod.at(
                    "/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/key")
                .asText())
        .isEqualTo("example.com/gpu");
  }

  @Test
  void anUnknownGpuTypeIsOneLineNamingTheField(@TempDir Path dir) throws IOException {
    Path run = dir.resolve("run.yaml");
    Files.writeString(run, Files.readString(Path.of(RUN)).replace("type: t4", "type: v100"));
    CliRun r = CliRun.of("render", "-f", run.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("gpu").contains("v100");
  }
}
