package io.neuralforge.trainer.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.neuralforge.api.v1alpha1.RunOutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The model-repository layout KServe's Triton runtime loads ({@code
 * <root>/<modelName>/1/model.onnx} with {@code <root>/<modelName>/config.pbtxt}), and the
 * status.serving that says how to serve the export: the repository, the runtime and the model's
 * inputs and outputs as the v2 protocol names them, read from the ONNX file itself.
 */
public final class ServingLayout {
  /** KServe's Triton runtime, the default. */
  public static final String RUNTIME = "kserve-tritonserver";

  private ServingLayout() {}

  /**
   * When {@code output} lies in a model repository ({@code .../<modelName>/1/model.onnx}), writes
   * the Triton configuration beside the version folder and returns status.serving, the repository's
   * local path as its storageUri; null for a file elsewhere.
   */
  public static Map<String, Object> write(ModelProto onnx, Path output, String runtime)
      throws IOException {
    Path file = output.toAbsolutePath();
    Path version = file.getParent();
    if (!file.endsWith(RunOutputFiles.SERVED_MODEL)
        || version.getParent() == null
        || version.getParent().getParent() == null) {
      return null;
    }
    Path modelFolder = version.getParent();
    String modelName = modelFolder.getFileName().toString();
    Files.writeString(modelFolder.resolve(RunOutputFiles.SERVING_CONFIG), config(modelName, onnx));
    return serving(modelFolder.getParent() + "/", modelName, runtime, onnx);
  }

  static Map<String, Object> serving(
      String storageUri, String modelName, String runtime, ModelProto onnx) {
    Map<String, Object> serving = new LinkedHashMap<>();
    serving.put("storageUri", storageUri);
    serving.put("modelName", modelName);
    serving.put("modelFormat", Map.of("name", "onnx", "version", "1"));
    serving.put("protocolVersion", "v2");
    serving.put("runtime", runtime);
    serving.put("inputs", tensors(inputs(onnx)));
    serving.put("outputs", tensors(onnx.getGraph().getOutputList()));
    return serving;
  }

  /** Triton's config.pbtxt: the ONNX Runtime backend, full shapes with -1 for the batch. */
  static String config(String modelName, ModelProto onnx) {
    StringBuilder c = new StringBuilder();
    c.append("name: \"").append(modelName).append("\"\n");
    c.append("platform: \"onnxruntime_onnx\"\n");
    c.append("max_batch_size: 0\n");
    block(c, "input", inputs(onnx));
    block(c, "output", onnx.getGraph().getOutputList());
    return c.toString();
  }

  private static void block(StringBuilder c, String kind, List<ValueInfoProto> values) {
    c.append(kind).append(" [\n");
    for (int i = 0; i < values.size(); i++) {
      ValueInfoProto v = values.get(i);
      c.append("  { name: \"")
          .append(v.getName())
          .append("\" data_type: TYPE_")
          .append(datatype(v))
          .append(" dims: ")
          .append(shape(v))
          .append(" }")
          .append(i < values.size() - 1 ? ",\n" : "\n");
    }
    c.append("]\n");
  }

  /** The graph's inputs less its initializers (older IRs list weights as inputs too). */
  private static List<ValueInfoProto> inputs(ModelProto onnx) {
    Set<String> weights =
        onnx.getGraph().getInitializerList().stream()
            .map(t -> t.getName())
            .collect(Collectors.toSet());
    return onnx.getGraph().getInputList().stream()
        .filter(v -> !weights.contains(v.getName()))
        .toList();
  }

  private static List<Map<String, Object>> tensors(List<ValueInfoProto> values) {
    List<Map<String, Object>> tensors = new ArrayList<>();
    for (ValueInfoProto v : values) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", v.getName());
      t.put("datatype", datatype(v));
      t.put("shape", shape(v));
      tensors.add(t);
    }
    return tensors;
  }

  /** The v2 protocol's name of the element type (Triton's is TYPE_ and the same). */
  static String datatype(ValueInfoProto v) {
    int type = v.getType().getTensorType().getElemType();
    return switch (type) {
      case 1 -> "FP32";
      case 7 -> "INT64";
      case 10 -> "FP16";
      default ->
          throw new IllegalArgumentException(
              "tensor "
                  + v.getName()
                  + " has ONNX element type "
                  + type
                  + ", which no export makes");
    };
  }

  /** The shape, -1 where ONNX has a symbolic dimension (the batch). */
  static List<Long> shape(ValueInfoProto v) {
    List<Long> dims = new ArrayList<>();
    for (TensorShapeProto.Dimension d : v.getType().getTensorType().getShape().getDimList()) {
      dims.add(d.hasDimValue() ? d.getDimValue() : -1L);
    }
    return dims;
  }
}
