package io.neuralforge.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Base of the layers DJL has no block for: the validator already knows the per-sample output shape,
 * so the block only computes its forward pass.
 */
abstract class NodeBlock extends AbstractBlock {
  private final io.neuralforge.graph.Shape outputShape;

  NodeBlock(io.neuralforge.graph.Shape outputShape) {
    this.outputShape = outputShape;
  }

  /** The forward pass over the node's inputs, each with a batch dimension in front. */
  abstract NDArray compute(ParameterStore store, NDList inputs, boolean training);

  @Override
  protected final NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(compute(store, inputs, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {BatchShapes.batched(inputShapes[0].get(0), outputShape)};
  }

  /** Adds a learnable parameter of a fixed shape. */
  Parameter parameter(String name, Parameter.Type type, Shape shape, Initializer initializer) {
    Parameter.Builder builder = Parameter.builder().setName(name).setType(type).optShape(shape);
    if (initializer != null) {
      builder.optInitializer(initializer);
    }
    return addParameter(builder.build());
  }

  /**
   * The parameter's value for this pass, as a view that belongs to {@code like}'s manager (the
   * step's scope). DJL gives the result of an operation to its first operand's manager: on the
   * parameter itself, an embedding lookup and everything computed from it would belong to the model
   * and keep every step's activations (and their autograd graph) alive until the model closes, 700
   * MB a step for the Transformer example.
   */
  static NDArray value(ParameterStore store, Parameter p, NDArray like, boolean training) {
    NDArray parameter = store.getValue(p, like.getDevice(), training);
    NDArray view = parameter.reshape(parameter.getShape());
    if (view == parameter) { // attaching the parameter itself would close it with the step
      throw new IllegalStateException("the engine's reshape returned the parameter itself");
    }
    view.attach(like.getManager());
    return view;
  }
}
