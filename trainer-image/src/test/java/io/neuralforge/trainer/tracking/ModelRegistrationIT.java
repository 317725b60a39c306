package io.neuralforge.trainer.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.databind.JsonNode;
import io.neuralforge.testsupport.HackPython;
import io.neuralforge.testsupport.MlflowTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports registered in a real MLflow server's Model Registry (MLflow from PyPI): each export is a
 * new version whose source is the model logged under the training run, loadable by MLflow's own
 * client; a run id the tenant could have forged into another experiment is not written to; a
 * registry that is down costs a warning, never the export.
 */
class ModelRegistrationIT {
  @TempDir static Path serverDir;
  private static MlflowTestServer server;
  private static MlflowClient client;

  @TempDir Path work;

  @BeforeAll
  static void startServer() throws Exception {
    server = MlflowTestServer.start(serverDir);
    client = new MlflowClient(server.uri);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void eachExportIsANewVersionOfTheModelLoggedUnderTheTrainingRun() throws Exception {
    MlflowClient.Run training =
        client.createRun(client.experimentId("team-a/fashion"), "lenet", 0, Map.of());
    MlflowRegistryTarget target =
        new MlflowRegistryTarget(server.uri, "fashion-lenet", "team-a/fashion", training.runId());
    Path model = reluModel();

    Map<String, Object> first = exported();
    new ModelRegistration(target, quiet()).into(first, "team-a/lenet-onnx", "0a1b2c3d-e", model);
    Map<String, Object> second = exported();
    new ModelRegistration(target, quiet()).into(second, "team-a/lenet-onnx-2", "9f8e7d6c-b", model);

    assertThat(registered(first))
        .containsEntry("name", "fashion-lenet")
        .containsEntry("version", "1")
        .containsEntry("uri", "models:/fashion-lenet/1");
    assertThat(registered(second)).containsEntry("version", "2");
    JsonNode version =
        server
            .get("mlflow/model-versions/get", Map.of("name", "fashion-lenet", "version", "1"))
            .path("model_version");
    assertThat(version.path("source").asText())
        .isEqualTo("runs:/" + training.runId() + "/models/lenet-onnx-0a1b2c3d");
    assertThat(version.path("run_id").asText()).isEqualTo(training.runId());
    assertThat(
            server.artifact(
                training.experimentId(), training.runId(), "models/lenet-onnx-0a1b2c3d/model.onnx"))
        .isEqualTo(Files.readAllBytes(model));

    // MLflow's own client loads the registered version and computes what the model computes
    String predicted =
        python(
            "import mlflow, numpy as np\n"
                + "m = mlflow.pyfunc.load_model('models:/fashion-lenet/2')\n"
                + "out = m.predict(np.array([[-1.5, 0.0, 2.25]], dtype=np.float32))\n"
                + "print(list(out.values())[0].tolist() if isinstance(out, dict)"
                + " else out.iloc[0].tolist())\n");
    assertThat(predicted.strip()).isEqualTo("[[0.0, 0.0, 2.25]]");
  }

  @Test
  void aRunIdInAnotherExperimentIsNeverWrittenTo() throws Exception {
    MlflowClient.Run foreign =
        client.createRun(client.experimentId("team-b/secret"), "theirs", 0, Map.of());
    MlflowRegistryTarget target =
        new MlflowRegistryTarget(server.uri, "team-a.mine", "team-a", foreign.runId());

    Map<String, Object> status = exported();
    new ModelRegistration(target, quiet()).into(status, "team-a/mine", "11112222-3", reluModel());

    assertThat(registered(status)).containsEntry("name", "team-a.mine");
    JsonNode version =
        server
            .get("mlflow/model-versions/get", Map.of("name", "team-a.mine", "version", "1"))
            .path("model_version");
    String ownRun = version.path("run_id").asText();
    assertThat(ownRun).isNotEqualTo(foreign.runId());
    JsonNode run = server.get("mlflow/runs/get", Map.of("run_id", ownRun)).path("run").path("info");
    assertThat(run.path("status").asText()).isEqualTo("FINISHED");
    assertThat(client.experimentName(run.path("experiment_id").asText())).isEqualTo("team-a");
    assertThat(
            server
                .get("mlflow/artifacts/list", Map.of("run_id", foreign.runId()))
                .path("files")
                .isMissingNode())
        .isTrue();
  }

  @Test
  void aRegistryThatIsDownCostsAWarningNotTheExport() throws Exception {
    String down = "http://127.0.0.1:" + MlflowTestServer.freePort();
    MlflowRegistryTarget target = new MlflowRegistryTarget(down, "m", "team-a", null);
    Map<String, Object> status = exported();

    new ModelRegistration(target, quiet()).into(status, "team-a/m", null, reluModel());

    @SuppressWarnings("unchecked")
    Map<String, Object> serving = (Map<String, Object>) status.get("serving");
    assertThat(serving).doesNotContainKey("registeredModel").containsKey("inputs");
    assertThat((String) serving.get("registryWarning"))
        .startsWith("MLflow registry at " + down + ": ")
        .endsWith("; the export is not registered")
        .doesNotContain("\n");
    assertThat(status).containsEntry("phase", "Succeeded");
  }

  /** An export's status as the exporter leaves it before registering. */
  private static Map<String, Object> exported() {
    Map<String, Object> tensor = new LinkedHashMap<>();
    tensor.put("name", "x");
    tensor.put("datatype", "FP32");
    tensor.put("shape", List.of(-1L, 3L));
    Map<String, Object> out = new LinkedHashMap<>(tensor);
    out.put("name", "y");
    Map<String, Object> serving = new LinkedHashMap<>();
    serving.put("inputs", List.of(tensor));
    serving.put("outputs", List.of(out));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("phase", "Succeeded");
    status.put("serving", serving);
    return status;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> registered(Map<String, Object> status) {
    return (Map<String, Object>)
        ((Map<String, Object>) status.get("serving")).get("registeredModel");
  }

  /** y = Relu(x), x and y float [batch, 3]. */
  private Path reluModel() throws Exception {
    ModelProto model =
        ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName("ModelRegistrationIT")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
            .setGraph(
                GraphProto.newBuilder()
                    .setName("relu")
                    .addNode(NodeProto.newBuilder().setOpType("Relu").addInput("x").addOutput("y"))
                    .addInput(floatTensor("x"))
                    .addOutput(floatTensor("y")))
            .build();
    Path file = work.resolve("model.onnx");
    Files.write(file, model.toByteArray());
    return file;
  }

  private static ValueInfoProto floatTensor(String name) {
    TensorShapeProto shape =
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(3))
            .build();
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape)))
        .build();
  }

  private String python(String script) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(HackPython.python(work.resolve("env.log")), "-c", script)
            .redirectErrorStream(true);
    builder.environment().put("MLFLOW_TRACKING_URI", server.uri);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1];
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
