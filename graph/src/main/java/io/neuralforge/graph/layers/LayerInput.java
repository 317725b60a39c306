package io.neuralforge.graph.layers;

import io.neuralforge.graph.Shape;
import java.util.List;

/** What a layer's inference sees: the shapes it reads and its params. */
public final class LayerInput {
  private final List<Shape> shapes;
  private final Params params;

  public LayerInput(List<Shape> shapes, Params params) {
    this.shapes = shapes;
    this.params = params;
  }

  public Params params() {
    return params;
  }

  public List<Shape> shapes() {
    return shapes;
  }

  /** The single input of a one-input layer. */
  public Shape shape() {
    return shapes.get(0);
  }

  /** The single input, which must have one of the given ranks. */
  public Shape shapeOfRank(String what, int... ranks) {
    Shape s = shapes.get(0);
    for (int r : ranks) {
      if (s.rank() == r) {
        return s;
      }
    }
    throw fail("inputs", "expects " + what + ", got shape " + s);
  }

  /** The single input, which must have at least {@code rank} axes. */
  public Shape shapeOfRankAtLeast(int rank, String what) {
    Shape s = shapes.get(0);
    if (s.rank() < rank) {
      throw fail("inputs", "expects " + what + ", got shape " + s);
    }
    return s;
  }

  public static LayerException fail(String field, String message) {
    return new LayerException(field, message);
  }

  /**
   * Resolves a per-sample axis (negative counts from the end) against {@code rank}, recording an
   * error on {@code key} when it is out of range.
   */
  public int axis(String key, int axis, int rank) {
    if (axis < -rank || axis >= rank) {
      throw fail(key, "axis " + axis + " is out of range for a per-sample rank of " + rank);
    }
    return axis < 0 ? axis + rank : axis;
  }
}
