package io.neuralforge.trainer.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A served model's worked example, beside it in the repository: {@code samples/request.json}, the
 * first validation samples as an Open Inference Protocol v2 request (preprocessed exactly as fed to
 * ONNX Runtime), and {@code samples/response.json}, ONNX Runtime's outputs for that request at
 * export time as a v2 response. A test sends the request to the served model and compares; a user
 * runs {@code curl -d @samples/request.json .../v2/models/<name>/infer}. Triton and our serving
 * runtime skip the folder (not a version number).
 */
public final class ServingSamples {
  public static final String FOLDER = "samples";
  public static final String REQUEST = "request.json";
  public static final String RESPONSE = "response.json";

  /** At most this many samples: enough to compare, small enough to read. */
  public static final int MAX_SAMPLES = 32;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ServingSamples() {}

  /**
   * Runs the first {@link #MAX_SAMPLES} of {@code batch} (a model input, its first axis the batch)
   * through the model with ONNX Runtime and writes both files into {@code modelFolder/samples/};
   * returns the outputs.
   */
  public static List<V2Tensor> write(Path modelFolder, byte[] onnx, V2Tensor batch)
      throws IOException, OrtException {
    V2Tensor input = batch.first(MAX_SAMPLES);
    List<V2Tensor> outputs = run(onnx, input);
    Path folder = modelFolder.resolve(FOLDER);
    Files.createDirectories(folder);
    String modelName = modelFolder.getFileName().toString();
    JSON.writeValue(folder.resolve(REQUEST).toFile(), V2Tensor.request(List.of(input)));
    JSON.writeValue(folder.resolve(RESPONSE).toFile(), V2Tensor.response(modelName, outputs));
    return outputs;
  }

  /** Every output of the model for {@code input}, in the graph's order. */
  static List<V2Tensor> run(byte[] onnx, V2Tensor input) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
        OnnxTensor tensor = input.toOrt(env);
        OrtSession.Result result = session.run(Map.of(input.name(), tensor))) {
      List<V2Tensor> outputs = new ArrayList<>();
      for (Map.Entry<String, OnnxValue> out : result) {
        outputs.add(V2Tensor.fromOrt(out.getKey(), out.getValue()));
      }
      return outputs;
    }
  }
}
