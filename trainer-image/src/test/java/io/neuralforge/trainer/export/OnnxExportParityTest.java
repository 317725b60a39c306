package io.neuralforge.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.trainer.gpu.PyTorchEngine;
import io.neuralforge.trainer.model.GraphModel;
import io.neuralforge.trainer.model.LayerCases;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each layer exported with random weights: ONNX Runtime computes what DJL computes, within 1e-5.
 * The cases cover every catalog type (LayerParityTest checks that).
 */
class OnnxExportParityTest {
  private static final NDManager MANAGER = PyTorchEngine.get().newBaseManager();
  private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();
  private static final int BATCH = 3;

  @AfterAll
  static void close() {
    MANAGER.close();
  }

  @ParameterizedTest
  @MethodSource("io.neuralforge.trainer.model.LayerCases#cases")
  void onnxRuntimeMatchesDjl(LayerCases.Case c) throws Exception {
    GraphSpec spec = LayerCases.graph(c);
    ValidationResult validated = GraphValidator.validate(spec);
    GraphModel model = initialized(c, spec, validated);
    ai.djl.ndarray.types.Shape[] shapes = LayerCases.batchedShapes(c, BATCH);
    NDList inputs = new NDList();
    for (ai.djl.ndarray.types.Shape shape : shapes) {
      inputs.add(c.tokenIds() ? tokenIds(c, shape) : MANAGER.randomNormal(shape));
    }
    NDArray expected =
        model.forward(new ParameterStore(MANAGER, false), inputs, false).singletonOrThrow();

    byte[] onnx = OnnxExporter.export(spec, validated, model, false).toByteArray();
    keepForTheOfficialChecker(c, validated, onnx);
    try (OrtSession session = ORT.createSession(onnx, new OrtSession.SessionOptions())) {
      Map<String, OnnxTensor> feed = new LinkedHashMap<>();
      for (int i = 0; i < inputs.size(); i++) {
        long[] dims = shapes[i].getShape();
        feed.put(
            "in" + i,
            c.tokenIds()
                ? OnnxTensor.createTensor(ORT, LongBuffer.wrap(inputs.get(i).toLongArray()), dims)
                : OnnxTensor.createTensor(
                    ORT, FloatBuffer.wrap(inputs.get(i).toFloatArray()), dims));
      }
      try (OrtSession.Result result = session.run(feed)) {
        OnnxTensor out = (OnnxTensor) result.get(0);
        assertThat(out.getInfo().getShape()).isEqualTo(expected.getShape().getShape());
        float[] actual = new float[(int) expected.size()];
        out.getFloatBuffer().get(actual);
        assertThat(maxAbsDiff(expected.toFloatArray(), actual)).isLessThan(1e-5);
      } finally {
        feed.values().forEach(OnnxTensor::close);
      }
    }
  }

  /**
   * A layer norm is ONNX's one LayerNormalization node (opset 17), not its arithmetic spelled out;
   * an encoder layer has its two, pre-norm included.
   */
  @Test
  void everyLayerNormIsOneLayerNormalizationNode() {
    LayerCases.cases()
        .filter(c -> Set.of("LayerNorm", "TransformerEncoderLayer").contains(c.type()))
        .forEach(
            c -> {
              GraphSpec spec = LayerCases.graph(c);
              ValidationResult validated = GraphValidator.validate(spec);
              List<String> ops =
                  OnnxExporter.export(spec, validated, initialized(c, spec, validated), false)
                      .getGraph()
                      .getNodeList()
                      .stream()
                      .map(NodeProto::getOpType)
                      .toList();
              assertThat(ops).as(c.toString()).doesNotContain("ReduceMean", "Sqrt");
              assertThat(ops)
                  .as(c.toString())
                  .filteredOn("LayerNormalization"::equals)
                  .hasSize(c.type().equals("LayerNorm") ? 1 : 2);
            });
  }

  private static GraphModel initialized(
      LayerCases.Case c, GraphSpec spec, ValidationResult validated) {
    GraphModel model = new GraphModel(spec, validated);
    model.initialize(MANAGER, DataType.FLOAT32, LayerCases.batchedShapes(c, BATCH));
    randomizeNormalization(model);
    return model;
  }

  /** Every case's file also goes to hack/onnx-check.sh (see ExampleExportsTest). */
  private static void keepForTheOfficialChecker(
      LayerCases.Case c, ValidationResult validated, byte[] onnx) throws java.io.IOException {
    java.nio.file.Path dir = ExampleExportsTest.OUT.resolve("layers");
    java.nio.file.Files.createDirectories(dir);
    String name = c.type() + "-" + Integer.toHexString(c.toString().hashCode());
    java.nio.file.Files.write(dir.resolve(name + ".onnx"), onnx);
    ExampleExportsTest.writeShapes(dir.resolve(name + ".shapes.json"), validated);
  }

  /** Random ids below numEmbeddings, the padding id among them. */
  private static NDArray tokenIds(LayerCases.Case c, ai.djl.ndarray.types.Shape shape) {
    int count = ((Number) c.params().get("numEmbeddings")).intValue();
    java.util.Random random = new java.util.Random(5);
    long[] ids = new long[(int) shape.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i % 4 == 0 ? 0 : random.nextInt(count);
    }
    return MANAGER.create(ids, shape);
  }

  /**
   * Norms start at mean 0, variance 1, scale 1 and shift 0: other statistics and trained affine
   * weights make the test mean something (a scale and shift swapped in the export would show).
   */
  private static void randomizeNormalization(GraphModel model) {
    model
        .getParameters()
        .forEach(
            pair -> {
              String name = pair.getKey();
              NDArray array = pair.getValue().getArray();
              if (name.endsWith("runningMean")) {
                array.set(MANAGER.randomNormal(array.getShape()).toFloatArray());
              } else if (name.endsWith("runningVar")) {
                array.set(MANAGER.randomUniform(0.5f, 2f, array.getShape()).toFloatArray());
              } else if (pair.getValue().requiresGradient()
                  && (name.endsWith("gamma") || name.endsWith("beta"))) {
                array.set(MANAGER.randomNormal(array.getShape()).toFloatArray());
              }
            });
  }

  static double maxAbsDiff(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
