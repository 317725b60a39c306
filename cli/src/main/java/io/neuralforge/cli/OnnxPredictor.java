package io.neuralforge.cli;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.neuralforge.trainer.export.Preprocessing;
import io.neuralforge.trainer.export.V2Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An ONNX file run on this machine with ONNX Runtime. */
final class OnnxPredictor implements Predictor {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final Model model;

  OnnxPredictor(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserInputException("--onnx " + file + ": no such file");
    }
    try {
      session = env.createSession(file.toString(), new OrtSession.SessionOptions());
      String json = session.getMetadata().getCustomMetadataValue(Preprocessing.KEY).orElse(null);
      model =
          new Model(
              nameOf(file), input(session), json == null ? null : Preprocessing.fromJson(json));
    } catch (OrtException e) {
      throw new UserInputException(
          "--onnx "
              + file
              + ": ONNX Runtime cannot load it: "
              + PredictionFailure.oneLine(e.getMessage()));
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--onnx " + file + ": " + e.getMessage());
    }
  }

  /**
   * The model's name: its folder in a model repository ({@code <name>/1/model.onnx}), else the
   * file's name without {@code .onnx}.
   */
  static String nameOf(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path version = abs.getParent();
    if (version != null
        && version.getParent() != null
        && version.getFileName().toString().matches("\\d+")) {
      return version.getParent().getFileName().toString();
    }
    return abs.getFileName().toString().replaceFirst("\\.onnx$", "");
  }

  private static ModelInput input(OrtSession session) throws OrtException {
    Map.Entry<String, NodeInfo> first = session.getInputInfo().entrySet().iterator().next();
    if (!(first.getValue().getInfo() instanceof TensorInfo tensor)) {
      throw new OrtException("input " + first.getKey() + " is not a tensor");
    }
    String datatype =
        tensor.type == OnnxJavaType.INT64
            ? V2Tensor.INT64
            : tensor.type == OnnxJavaType.FLOAT ? V2Tensor.FP32 : tensor.type.toString();
    return new ModelInput(first.getKey(), datatype, tensor.getShape());
  }

  @Override
  public Model model() {
    return model;
  }

  @Override
  public List<V2Tensor> infer(List<V2Tensor> inputs) {
    Map<String, OnnxTensor> feed = new LinkedHashMap<>();
    try {
      for (V2Tensor t : inputs) {
        feed.put(t.name(), t.toOrt(env));
      }
      try (OrtSession.Result result = session.run(feed)) {
        List<V2Tensor> outputs = new ArrayList<>();
        for (Map.Entry<String, OnnxValue> out : result) {
          outputs.add(V2Tensor.fromOrt(out.getKey(), out.getValue()));
        }
        return outputs;
      }
    } catch (OrtException e) {
      throw PredictionFailure.rejected(
          "model " + model.name() + ": " + PredictionFailure.oneLine(e.getMessage()));
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // nothing left to do with it
    }
  }
}
