package io.neuralforge.graph.layers;

import io.neuralforge.graph.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Layers that route or rearrange tensors: identity, flatten, reshape, merge, pad, upsample. */
final class StructureLayers {
  private StructureLayers() {}

  static List<LayerType> types() {
    return List.of(
        new LayerType("Identity", Arity.ONE, Set.of(), false, in -> LayerOutput.of(in.shape())),
        new LayerType(
            "Flatten", Arity.ONE, Set.of("startDim", "endDim"), false, StructureLayers::flatten),
        new LayerType("Reshape", Arity.ONE, Set.of("shape"), false, StructureLayers::reshape),
        new LayerType("Permute", Arity.ONE, Set.of("dims"), false, StructureLayers::permute),
        new LayerType("Add", Arity.TWO_OR_MORE, Set.of(), false, StructureLayers::elementwise),
        new LayerType("Multiply", Arity.TWO_OR_MORE, Set.of(), false, StructureLayers::elementwise),
        new LayerType("Concat", Arity.TWO_OR_MORE, Set.of("axis"), false, StructureLayers::concat),
        new LayerType("ZeroPad2D", Arity.ONE, Set.of("padding"), false, StructureLayers::zeroPad),
        new LayerType(
            "Upsample",
            Arity.ONE,
            Set.of("scaleFactor", "mode"),
            false,
            StructureLayers::upsample));
  }

  private static LayerOutput flatten(LayerInput in) {
    Params p = in.params();
    int startKey = p.anyInt("startDim", 0);
    int endKey = p.anyInt("endDim", -1);
    p.check();
    Shape s = in.shape();
    int start = in.axis("startDim", startKey, s.rank());
    int end = in.axis("endDim", endKey, s.rank());
    if (start > end) {
      throw LayerInput.fail(
          "startDim", "startDim " + startKey + " comes after endDim " + endKey + " for input " + s);
    }
    long[] dims = new long[s.rank() - (end - start)];
    int j = 0;
    for (int i = 0; i < start; i++) {
      dims[j++] = s.dim(i);
    }
    dims[j++] = s.product(start, end + 1);
    for (int i = end + 1; i < s.rank(); i++) {
      dims[j++] = s.dim(i);
    }
    return LayerOutput.of(Shape.ofLongs(dims));
  }

  private static LayerOutput reshape(LayerInput in) {
    Params p = in.params();
    if (!p.has("shape")) {
      p.error("shape", "is required (a list of per-sample dimensions, at most one -1)");
    }
    int[] target = p.intList("shape", new int[] {1});
    p.check();
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1 && inferred < 0) {
        inferred = i;
      } else if (target[i] <= 0) {
        throw LayerInput.fail(
            "shape", "must hold positive sizes and at most one -1, got " + Arrays.toString(target));
      } else {
        known = Math.multiplyExact(known, target[i]);
      }
    }
    Shape s = in.shape();
    long elements = s.elements();
    long[] dims = new long[target.length];
    for (int i = 0; i < target.length; i++) {
      dims[i] = target[i];
    }
    if (inferred >= 0) {
      if (elements % known != 0) {
        throw LayerInput.fail(
            "shape",
            Arrays.toString(target) + " cannot hold the " + elements + " elements of input " + s);
      }
      dims[inferred] = elements / known;
    } else if (known != elements) {
      throw LayerInput.fail(
          "shape",
          Arrays.toString(target)
              + " holds "
              + known
              + " elements but input "
              + s
              + " has "
              + elements);
    }
    return LayerOutput.of(Shape.ofLongs(dims));
  }

  private static LayerOutput permute(LayerInput in) {
    Params p = in.params();
    if (!p.has("dims")) {
      p.error("dims", "is required (a permutation of the per-sample axes)");
    }
    int[] order = p.intList("dims", new int[] {0});
    p.check();
    Shape s = in.shape();
    if (order.length != s.rank()) {
      throw LayerInput.fail(
          "dims",
          Arrays.toString(order) + " is not a permutation of the " + s.rank() + " axes of " + s);
    }
    boolean[] seen = new boolean[s.rank()];
    int[] dims = new int[s.rank()];
    for (int i = 0; i < order.length; i++) {
      int axis = in.axis("dims", order[i], s.rank());
      if (seen[axis]) {
        throw LayerInput.fail(
            "dims", Arrays.toString(order) + " names axis " + order[i] + " twice");
      }
      seen[axis] = true;
      dims[i] = s.dim(axis);
    }
    return LayerOutput.of(Shape.of(dims));
  }

  private static LayerOutput elementwise(LayerInput in) {
    Shape first = in.shapes().get(0);
    for (Shape other : in.shapes()) {
      if (!other.equals(first)) {
        throw LayerInput.fail(
            "inputs", "input shapes must be identical, got " + first + " and " + other);
      }
    }
    return LayerOutput.of(first);
  }

  private static LayerOutput concat(LayerInput in) {
    int axisKey = in.params().anyInt("axis", 0);
    in.params().check();
    Shape first = in.shapes().get(0);
    int axis = in.axis("axis", axisKey, first.rank());
    long total = 0;
    for (Shape other : in.shapes()) {
      boolean compatible = other.rank() == first.rank();
      for (int i = 0; compatible && i < first.rank(); i++) {
        compatible = i == axis || other.dim(i) == first.dim(i);
      }
      if (!compatible) {
        throw LayerInput.fail(
            "inputs",
            "shapes "
                + first
                + " and "
                + other
                + " differ outside axis "
                + axisKey
                + " and cannot be concatenated");
      }
      total += other.dim(axis);
    }
    return LayerOutput.of(Shape.ofLongs(withAxis(first, axis, total)));
  }

  private static LayerOutput zeroPad(LayerInput in) {
    Params p = in.params();
    Object raw = p.raw("padding");
    int[] pad = Params.readTuple(raw, 4, Integer.MIN_VALUE);
    if (pad == null) {
      p.error(
          "padding",
          "is required: an integer or [left, right, top, bottom], got " + Params.show(raw));
    }
    p.check();
    Shape s = in.shapeOfRank("[C, H, W] or [H, W]", 3, 2);
    int h = s.rank() - 2;
    long[] dims = withAxis(s, h, (long) s.dim(h) + pad[2] + pad[3]);
    dims[h + 1] = (long) s.dim(h + 1) + pad[0] + pad[1];
    SpatialMath.requirePositive(dims, s, "padding");
    return LayerOutput.of(Shape.ofLongs(dims));
  }

  private static LayerOutput upsample(LayerInput in) {
    Params p = in.params();
    int[] scale = p.requiredTuple("scaleFactor", 2, 1);
    p.choice("mode", "nearest", "nearest", "bilinear");
    p.check();
    Shape s = in.shapeOfRank("[C, H, W]", 3);
    return LayerOutput.of(
        Shape.ofLongs(s.dim(0), (long) s.dim(1) * scale[0], (long) s.dim(2) * scale[1]));
  }

  private static long[] withAxis(Shape s, int axis, long value) {
    long[] dims = new long[s.rank()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = s.dim(i);
    }
    dims[axis] = value;
    return dims;
  }
}
