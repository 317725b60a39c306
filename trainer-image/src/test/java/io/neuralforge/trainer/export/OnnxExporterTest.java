package io.neuralforge.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.trainer.gpu.PyTorchEngine;
import io.neuralforge.trainer.model.BatchShapes;
import io.neuralforge.trainer.model.GraphModel;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A whole example network exported at both precisions. */
class OnnxExporterTest {
  private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();

  @Test
  void lenetExportsWithASymbolicBatchAndFp16HalvesTheFile() throws Exception {
    JsonNode manifest =
        new YAMLMapper().readTree(Path.of("../examples/architectures/lenet-bn.yaml").toFile());
    GraphSpec spec = new YAMLMapper().treeToValue(manifest.get("spec"), GraphSpec.class);
    ValidationResult validated = GraphValidator.validate(spec);
    try (NDManager manager = PyTorchEngine.get().newBaseManager()) {
      GraphModel model = new GraphModel(spec, validated);
      ai.djl.ndarray.types.Shape shape =
          BatchShapes.batched(5, io.neuralforge.graph.Shape.of(spec.inputs().get(0).shape()));
      model.initialize(manager, DataType.FLOAT32, shape);
      NDArray x = manager.randomUniform(0, 1, shape);
      float[] expected =
          model
              .forward(new ParameterStore(manager, false), new NDList(x), false)
              .singletonOrThrow()
              .toFloatArray();

      ModelProto fp32 = OnnxExporter.export(spec, validated, model, false);
      ModelProto fp16 = OnnxExporter.export(spec, validated, model, true);
      assertThat(fp32.getOpsetImport(0).getVersion()).isEqualTo(17);
      assertThat(fp32.getProducerName()).isEqualTo("neuralforge");
      assertThat(fp32.getModelVersion()).isEqualTo(1);
      assertThat(fp32.getGraph().getInput(0).getName()).isEqualTo("image");
      assertThat(
              fp32.getGraph()
                  .getInput(0)
                  .getType()
                  .getTensorType()
                  .getShape()
                  .getDim(0)
                  .getDimParam())
          .isEqualTo("batch");
      assertThat(fp32.getGraph().getOutput(0).getName()).isEqualTo(spec.outputs().get(0));
      assertThat((double) fp16.getSerializedSize() / fp32.getSerializedSize()).isLessThan(0.55);

      assertThat(OnnxExportParityTest.maxAbsDiff(expected, run(fp32, x))).isLessThan(1e-5);
      assertThat(OnnxExportParityTest.maxAbsDiff(expected, run(fp16, x))).isLessThan(1e-2);
    }
  }

  private static float[] run(ModelProto model, NDArray x) throws Exception {
    try (OrtSession session =
            ORT.createSession(model.toByteArray(), new OrtSession.SessionOptions());
        OnnxTensor input =
            OnnxTensor.createTensor(
                ORT, FloatBuffer.wrap(x.toFloatArray()), x.getShape().getShape());
        OrtSession.Result result = session.run(Map.of("image", input))) {
      OnnxTensor out = (OnnxTensor) result.get(0);
      FloatBuffer buffer = out.getFloatBuffer();
      float[] values = new float[buffer.remaining()];
      buffer.get(values);
      return values;
    }
  }
}
