package io.neuralforge.trainer.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * An ONNX graph under construction: nodes, initializers and fresh value names. Trained weights go
 * through {@link #weight}, stored as float32, or as float16 followed by a Cast back to float32 when
 * the export is fp16 (half the file; the arithmetic stays float32).
 */
final class OnnxGraph {
  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final boolean fp16;
  private int counter;

  OnnxGraph(boolean fp16) {
    this.fp16 = fp16;
  }

  GraphProto.Builder proto() {
    return graph;
  }

  String fresh(String hint) {
    return hint + "_" + counter++;
  }

  /** A trained tensor: float32, or float16 plus a Cast when the export is fp16. */
  String weight(String hint, float[] values, long... dims) {
    if (!fp16) {
      return floats(hint, values, dims);
    }
    String stored = fresh(hint + "_fp16");
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      bytes.putShort(Half.fromFloat(v));
    }
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(stored)
            .setDataType(TensorProto.DataType.FLOAT16.getNumber())
            .addAllDims(longs(dims))
            .setRawData(ByteString.copyFrom(bytes.array())));
    return node("Cast", hint, List.of(stored), attr("to", TensorProto.DataType.FLOAT.getNumber()));
  }

  /** A float32 constant (exact at any precision: shapes, epsilons, fixed tables). */
  String floats(String hint, float[] values, long... dims) {
    String name = fresh(hint);
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      bytes.putFloat(v);
    }
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .addAllDims(longs(dims))
            .setRawData(ByteString.copyFrom(bytes.array())));
    return name;
  }

  /** A 1-D int64 constant, e.g. a shape or axes. */
  String ints(String hint, long... values) {
    String name = fresh(hint);
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64.getNumber())
            .addDims(values.length)
            .addAllInt64Data(longs(values)));
    return name;
  }

  /** A 0-d int64 constant, e.g. an index that removes its axis in Gather. */
  String intScalar(String hint, long value) {
    String name = fresh(hint);
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64.getNumber())
            .addInt64Data(value));
    return name;
  }

  /** A float32 scalar constant. */
  String scalar(String hint, float value) {
    return floats(hint, new float[] {value});
  }

  /** Adds a node with one output and returns the output's name. */
  String node(String op, String hint, List<String> inputs, AttributeProto... attributes) {
    String out = fresh(hint);
    nodeTo(op, inputs, List.of(out), attributes);
    return out;
  }

  void nodeTo(String op, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType(op)
            .setName(fresh(op))
            .addAllInput(inputs)
            .addAllOutput(outputs)
            .addAllAttribute(List.of(attributes)));
  }

  static AttributeProto attr(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  static AttributeProto attr(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF(value)
        .build();
  }

  static AttributeProto attr(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value))
        .build();
  }

  static AttributeProto attr(String name, long[] values) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INTS)
        .addAllInts(longs(values))
        .build();
  }

  static List<Long> longs(long[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }
}
