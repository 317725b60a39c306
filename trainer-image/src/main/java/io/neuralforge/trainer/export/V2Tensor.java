package io.neuralforge.trainer.export;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tensor as the Open Inference Protocol (v2) writes it: name, datatype ({@code FP32} or {@code
 * INT64}), shape and the data flat in row-major order. FP32 data stays {@code float} from end to
 * end: JSON carries each value in {@link Float#toString} form, which parses straight back to the
 * same float32 (read it with {@code USE_BIG_DECIMAL_FOR_FLOATS}; through a double a value may, very
 * rarely, round one float32 step away).
 *
 * @param floats the data of an FP32 tensor, else null
 * @param longs the data of an INT64 tensor, else null
 */
public record V2Tensor(String name, String datatype, long[] shape, float[] floats, long[] longs) {
  public static final String FP32 = "FP32";
  public static final String INT64 = "INT64";

  public static V2Tensor ofFloats(String name, long[] shape, float[] data) {
    return new V2Tensor(name, FP32, shape, data, null);
  }

  public static V2Tensor ofLongs(String name, long[] shape, long[] data) {
    return new V2Tensor(name, INT64, shape, null, data);
  }

  /**
   * Values the trainer carries as floats: FP32, or INT64 for an int64 input (token ids, whole
   * numbers).
   */
  public static V2Tensor fromFloats(String name, boolean int64, long[] shape, float[] values) {
    if (!int64) {
      return ofFloats(name, shape, values);
    }
    long[] ids = new long[values.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (long) values[i];
    }
    return ofLongs(name, shape, ids);
  }

  /** The first {@code n} entries along the first axis (the batch), or all when fewer. */
  public V2Tensor first(int n) {
    if (shape.length == 0 || shape[0] <= n) {
      return this;
    }
    long[] cut = shape.clone();
    cut[0] = n;
    int size = (int) elements(cut);
    return new V2Tensor(
        name,
        datatype,
        cut,
        floats == null ? null : java.util.Arrays.copyOf(floats, size),
        longs == null ? null : java.util.Arrays.copyOf(longs, size));
  }

  /** How many values the data holds. */
  public int size() {
    return floats != null ? floats.length : longs.length;
  }

  /** The product of the shape's dimensions. */
  public static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** The tensor's JSON object: {@code {"name", "datatype", "shape", "data"}}. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("datatype", datatype);
    json.put("shape", shape);
    json.put("data", floats != null ? floats : longs);
    return json;
  }

  /** An inference request: {@code {"inputs": [...]}}. */
  public static Map<String, Object> request(List<V2Tensor> inputs) {
    return Map.of("inputs", inputs.stream().map(V2Tensor::toJson).toList());
  }

  /** An inference response: {@code {"model_name", "outputs": [...]}}. */
  public static Map<String, Object> response(String modelName, List<V2Tensor> outputs) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model_name", modelName);
    json.put("outputs", outputs.stream().map(V2Tensor::toJson).toList());
    return json;
  }

  /**
   * Reads one tensor object; its data may be flat or nested.
   *
   * @throws IllegalArgumentException naming what does not fit
   */
  public static V2Tensor fromJson(JsonNode json) {
    String name = json.path("name").asText("");
    String datatype = json.path("datatype").asText(FP32);
    List<Long> dims = new ArrayList<>();
    json.path("shape").forEach(d -> dims.add(d.asLong()));
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    List<JsonNode> values = new ArrayList<>();
    flatten(json.path("data"), values);
    if (!json.path("shape").isArray() || elements(shape) != values.size()) {
      throw new IllegalArgumentException(
          "tensor "
              + name
              + ": shape "
              + json.path("shape")
              + " does not hold the "
              + values.size()
              + " values of its data");
    }
    if (datatype.startsWith("FP")) {
      float[] floats = new float[values.size()];
      for (int i = 0; i < floats.length; i++) {
        floats[i] = number(values.get(i), name).floatValue();
      }
      return new V2Tensor(name, FP32, shape, floats, null);
    }
    if (datatype.startsWith("INT") || datatype.startsWith("UINT")) {
      long[] longs = new long[values.size()];
      for (int i = 0; i < longs.length; i++) {
        longs[i] = number(values.get(i), name).longValue();
      }
      return new V2Tensor(name, INT64, shape, null, longs);
    }
    throw new IllegalArgumentException(
        "tensor " + name + ": datatype " + datatype + " is neither FP32 nor INT64");
  }

  /** Every leaf of nested lists, in row-major order (a number is its own leaf). */
  public static void flatten(JsonNode node, List<JsonNode> into) {
    if (node.isArray()) {
      node.forEach(child -> flatten(child, into));
    } else if (!node.isMissingNode()) {
      into.add(node);
    }
  }

  private static Number number(JsonNode value, String tensor) {
    if (!value.isNumber()) {
      throw new IllegalArgumentException("tensor " + tensor + ": " + value + " is not a number");
    }
    return value.numberValue();
  }

  /** The tensor for ONNX Runtime; close it after the run. */
  public OnnxTensor toOrt(OrtEnvironment env) throws OrtException {
    return floats != null
        ? OnnxTensor.createTensor(env, FloatBuffer.wrap(floats), shape)
        : OnnxTensor.createTensor(env, LongBuffer.wrap(longs), shape);
  }

  /** An ONNX Runtime output, FP32 or INT64. */
  public static V2Tensor fromOrt(String name, OnnxValue value) throws OrtException {
    if (!(value instanceof OnnxTensor tensor)) {
      throw new IllegalArgumentException("output " + name + " is not a tensor");
    }
    long[] shape = ((TensorInfo) tensor.getInfo()).getShape();
    OnnxJavaType type = ((TensorInfo) tensor.getInfo()).type;
    if (type == OnnxJavaType.FLOAT) {
      FloatBuffer buffer = tensor.getFloatBuffer();
      float[] data = new float[buffer.remaining()];
      buffer.get(data);
      return ofFloats(name, shape, data);
    }
    if (type == OnnxJavaType.INT64) {
      LongBuffer buffer = tensor.getLongBuffer();
      long[] data = new long[buffer.remaining()];
      buffer.get(data);
      return ofLongs(name, shape, data);
    }
    throw new IllegalArgumentException(
        "output " + name + " has type " + type + ", not FP32 or INT64");
  }
}
