package io.neuralforge.trainer.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.Shape;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.graph.layers.LayerCatalog;
import io.neuralforge.graph.layers.LayerFamily;
import io.neuralforge.graph.layers.Params;
import io.neuralforge.trainer.model.GraphModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model as ONNX (opset 17): one or a few ONNX operators per node with the trained
 * weights, inputs and outputs named as in the Architecture, the batch dimension symbolic.
 */
public final class OnnxExporter {
  public static final int OPSET = 17;

  private OnnxExporter() {}

  /**
   * @param fp16 store the weights as float16 (computation stays float32)
   */
  public static ModelProto export(
      GraphSpec spec, ValidationResult validated, GraphModel model, boolean fp16) {
    OnnxGraph g = new OnnxGraph(fp16);
    g.proto().setName("neuralforge");
    Map<String, String> values = new HashMap<>();
    Map<String, Shape> shapes = new HashMap<>();
    for (GraphSpec.Input in : spec.inputs()) {
      boolean ids = "int64".equals(in.dtype());
      g.proto().addInput(valueInfo(in.name(), Shape.of(in.shape()), ids));
      values.put(in.name(), in.name());
      shapes.put(in.name(), Shape.of(in.shape()));
    }
    Map<String, GraphSpec.Node> byId = new HashMap<>();
    spec.nodes().forEach(n -> byId.put(n.id(), n));
    Map<String, Shape> nodeShapes = new HashMap<>();
    validated.nodes().forEach(n -> nodeShapes.put(n.id(), Shape.of(n.outputShape())));
    for (String id : validated.evaluationOrder()) {
      GraphSpec.Node node = byId.get(id);
      List<Shape> inputShapes = node.inputs().stream().map(shapes::get).toList();
      ExportNode n =
          new ExportNode(
              id,
              node.type(),
              new Params(node.params()),
              inputShapes,
              nodeShapes.get(id),
              node.inputs().stream().map(values::get).toList(),
              model.parametersOf(id),
              g);
      values.put(id, emit(n));
      shapes.put(id, nodeShapes.get(id));
    }
    for (String out : spec.outputs()) {
      g.nodeTo("Identity", List.of(values.get(out)), List.of(out));
      g.proto().addOutput(valueInfo(out, nodeShapes.get(out), false));
    }
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("neuralforge")
        .setProducerVersion("0.1.0")
        .setModelVersion(1) // the repository's version folder, 1/
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(g.proto())
        .build();
  }

  private static String emit(ExportNode n) {
    LayerFamily family = LayerCatalog.familyOf(n.type());
    if (family == null) {
      throw new IllegalArgumentException("node " + n.id() + ": unknown layer type " + n.type());
    }
    return switch (family) {
      case DENSE -> DenseExport.linear(n);
      case CONVOLUTION -> ConvolutionExport.build(n);
      case POOLING -> PoolingExport.build(n);
      case NORMALIZATION -> NormalizationExport.build(n);
      case ACTIVATION -> ActivationExport.build(n);
      case STRUCTURE -> StructureExport.build(n);
      case SEQUENCE -> SequenceExport.build(n);
    };
  }

  private static ValueInfoProto valueInfo(String name, Shape shape, boolean int64) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
    dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
    for (int d : shape.dims()) {
      dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    TensorProto.DataType type = int64 ? TensorProto.DataType.INT64 : TensorProto.DataType.FLOAT;
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(dims)))
        .build();
  }
}
