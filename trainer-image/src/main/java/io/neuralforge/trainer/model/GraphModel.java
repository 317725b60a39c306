package io.neuralforge.trainer.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.Shape;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.graph.layers.Params;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network an Architecture describes, as one DJL block: a child block per node, evaluated in the
 * validator's order, each fed the outputs of the nodes (or model inputs) it names. Inputs and
 * outputs carry a batch dimension in front of the per-sample shapes of the spec.
 */
public final class GraphModel extends AbstractBlock {
  private final List<String> inputNames = new ArrayList<>();
  private final Map<String, Shape> inputShapes = new HashMap<>();
  private final Map<String, Shape> nodeShapes = new HashMap<>();
  private final Map<String, List<String>> nodeInputs = new HashMap<>();
  private final Map<String, Block> blocks = new LinkedHashMap<>();
  private final Map<String, NodeContext> contexts = new HashMap<>();
  private final List<String> outputs;

  /** Builds the model of a graph the validator found valid. */
  /** The store training passes read parameters from: it holds each device's copy. */
  private ParameterStore trainingStore;

  public GraphModel(GraphSpec spec, ValidationResult validated) {
    if (!validated.valid()) {
      throw new IllegalArgumentException(
          "the graph is invalid: " + validated.errors().get(0).describe());
    }
    for (GraphSpec.Input in : spec.inputs()) {
      inputNames.add(in.name());
      inputShapes.put(in.name(), Shape.of(in.shape()));
    }
    for (ValidationResult.NodeResult n : validated.nodes()) {
      nodeShapes.put(n.id(), Shape.of(n.outputShape()));
    }
    Map<String, GraphSpec.Node> byId = new HashMap<>();
    spec.nodes().forEach(n -> byId.put(n.id(), n));
    for (String id : validated.evaluationOrder()) {
      GraphSpec.Node node = byId.get(id);
      List<Shape> shapes = node.inputs().stream().map(this::shapeOf).toList();
      NodeContext context =
          new NodeContext(id, node.type(), new Params(node.params()), shapes, nodeShapes.get(id));
      nodeInputs.put(id, node.inputs());
      contexts.put(id, context);
      blocks.put(id, addChildBlock(id, LayerBlocks.build(context)));
    }
    outputs = spec.outputs();
  }

  private Shape shapeOf(String name) {
    Shape s = inputShapes.get(name);
    return s != null ? s : nodeShapes.get(name);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    if (training) {
      trainingStore = store;
    }
    Map<String, NDArray> values = new HashMap<>();
    for (int i = 0; i < inputNames.size(); i++) {
      values.put(inputNames.get(i), inputs.get(i));
    }
    for (Map.Entry<String, Block> node : blocks.entrySet()) {
      NDList args = new NDList();
      for (String ref : nodeInputs.get(node.getKey())) {
        args.add(values.get(ref));
      }
      values.put(
          node.getKey(), node.getValue().forward(store, args, training, params).singletonOrThrow());
    }
    NDList out = new NDList();
    for (String id : outputs) {
      out.add(values.get(id));
    }
    return out;
  }

  @Override
  protected void initializeChildBlocks(
      NDManager manager, DataType dataType, ai.djl.ndarray.types.Shape... shapes) {
    long batch = shapes[0].get(0);
    for (Map.Entry<String, Block> node : blocks.entrySet()) {
      ai.djl.ndarray.types.Shape[] in =
          nodeInputs.get(node.getKey()).stream()
              .map(ref -> BatchShapes.batched(batch, shapeOf(ref)))
              .toArray(ai.djl.ndarray.types.Shape[]::new);
      node.getValue().initialize(manager, DataType.FLOAT32, in);
    }
  }

  @Override
  public ai.djl.ndarray.types.Shape[] getOutputShapes(ai.djl.ndarray.types.Shape[] shapes) {
    long batch = shapes[0].get(0);
    return outputs.stream()
        .map(id -> BatchShapes.batched(batch, nodeShapes.get(id)))
        .toArray(ai.djl.ndarray.types.Shape[]::new);
  }

  /**
   * Redraws every initialised parameter as PyTorch's modules initialise theirs (see {@link
   * PyTorchInit}), from the engine's seeded generator: call once after initialisation, before
   * training or loading a checkpoint.
   */
  public void initializeLikePyTorch() {
    blocks.forEach(
        (id, block) -> {
          NodeContext c = contexts.get(id);
          PyTorchInit.apply(c.type(), c.params(), block);
        });
  }

  /** Parameters that training updates (running statistics of batch norm are not). */
  public long trainableParameterCount() {
    return getParameters().values().stream()
        .filter(p -> p.requiresGradient())
        .mapToLong(p -> p.getArray().size())
        .sum();
  }

  /**
   * The L2 norm of the gradients the last backward pass left on the trainable parameters, summed
   * over the {@code devices} that computed them (each holds its own copy of every parameter); NaN
   * before the first training step. The temporaries live in {@code scope}.
   */
  public double gradientNorm(List<Device> devices, NDManager scope) {
    if (trainingStore == null) {
      return Double.NaN;
    }
    Device first = devices.get(0);
    NDArray squares = null; // summed on the device: one copy to the host, not one per parameter
    for (Parameter p : getParameters().values()) {
      if (!p.requiresGradient() || !p.isInitialized()) {
        continue;
      }
      NDArray total = null;
      for (Device d : devices) {
        NDArray grad = trainingStore.getValue(p, d, true).getGradient();
        NDArray share = scoped(grad.toDevice(first, true), scope);
        total = total == null ? share : scoped(total.add(share), scope);
      }
      NDArray square = scoped(scoped(total.square(), scope).sum(), scope);
      squares = squares == null ? square : scoped(squares.add(square), scope);
    }
    return squares == null ? 0 : Math.sqrt(squares.getFloat());
  }

  private static NDArray scoped(NDArray array, NDManager scope) {
    array.attach(scope);
    return array;
  }

  /** A node's trained parameters by their DJL names (for export), in the block's order. */
  public Map<String, NDArray> parametersOf(String id) {
    Map<String, NDArray> parameters = new LinkedHashMap<>();
    blocks
        .get(id)
        .getParameters()
        .forEach(p -> parameters.put(p.getKey(), p.getValue().getArray()));
    return parameters;
  }

  /** The block built for a node, for tests. */
  Block block(String id) {
    return blocks.get(id);
  }
}
