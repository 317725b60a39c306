package io.neuralforge.graph.layers;

import io.neuralforge.graph.Shape;
import java.util.List;
import java.util.Set;

/** Batch, layer, group and instance norm; dropout. */
final class NormalizationLayers {
  private NormalizationLayers() {}

  private static final Set<String> BATCH_KEYS = Set.of("eps", "momentum", "affine");

  static List<LayerType> types() {
    return List.of(
        new LayerType(
            "BatchNorm1D", Arity.ONE, BATCH_KEYS, false, in -> batch(in, "[C] or [C, L]", 1, 2)),
        new LayerType("BatchNorm2D", Arity.ONE, BATCH_KEYS, false, in -> batch(in, "[C, H, W]", 3)),
        new LayerType(
            "BatchNorm3D", Arity.ONE, BATCH_KEYS, false, in -> batch(in, "[C, D, H, W]", 4)),
        new LayerType(
            "LayerNorm",
            Arity.ONE,
            Set.of("normalizedShape", "eps", "elementwiseAffine"),
            false,
            NormalizationLayers::layer),
        new LayerType(
            "GroupNorm",
            Arity.ONE,
            Set.of("numGroups", "eps", "affine"),
            false,
            NormalizationLayers::group),
        new LayerType(
            "InstanceNorm2D", Arity.ONE, BATCH_KEYS, false, NormalizationLayers::instance),
        new LayerType("Dropout", Arity.ONE, Set.of("p"), false, NormalizationLayers::dropout),
        new LayerType("Dropout2D", Arity.ONE, Set.of("p"), false, NormalizationLayers::dropout));
  }

  private static LayerOutput batch(LayerInput in, String what, int... ranks) {
    Params p = in.params();
    p.positive("eps", 1e-5);
    p.number("momentum", 0.1, 0, 1, true);
    boolean affine = p.bool("affine", true);
    p.check();
    Shape s = in.shapeOfRank(what, ranks);
    return new LayerOutput(s, affine ? 2L * s.dim(0) : 0, 0);
  }

  private static LayerOutput instance(LayerInput in) {
    Params p = in.params();
    p.positive("eps", 1e-5);
    p.number("momentum", 0.1, 0, 1, true);
    boolean affine = p.bool("affine", false);
    p.check();
    Shape s = in.shapeOfRank("[C, H, W]", 3);
    if (s.dim(1) * s.dim(2) == 1) {
      // It normalises over each sample's own H x W; PyTorch refuses a single element.
      throw LayerInput.fail(
          "inputs", "input " + s + " has a single spatial element; InstanceNorm2D needs H*W > 1");
    }
    return new LayerOutput(s, affine ? 2L * s.dim(0) : 0, 0);
  }

  private static LayerOutput layer(LayerInput in) {
    Params p = in.params();
    int[] normalized = p.intList("normalizedShape", null);
    p.positive("eps", 1e-5);
    boolean affine = p.bool("elementwiseAffine", true);
    p.check();
    Shape s = in.shapeOfRankAtLeast(1, "at least one axis");
    if (normalized == null) {
      normalized = new int[] {s.last()};
    }
    int offset = s.rank() - normalized.length;
    boolean matches = offset >= 0;
    for (int i = 0; matches && i < normalized.length; i++) {
      matches = s.dim(offset + i) == normalized[i];
    }
    if (!matches) {
      throw LayerInput.fail(
          "normalizedShape",
          java.util.Arrays.toString(normalized)
              + " does not match the trailing dimensions of input "
              + s);
    }
    return new LayerOutput(s, affine ? 2 * SpatialMath.product(normalized) : 0, 0);
  }

  private static LayerOutput group(LayerInput in) {
    Params p = in.params();
    int groups = p.requiredInt("numGroups", 1);
    p.positive("eps", 1e-5);
    boolean affine = p.bool("affine", true);
    p.check();
    Shape s = in.shapeOfRankAtLeast(1, "[C, ...]");
    if (s.dim(0) % groups != 0) {
      throw LayerInput.fail(
          "numGroups", "channels " + s.dim(0) + " are not divisible by numGroups " + groups);
    }
    return new LayerOutput(s, affine ? 2L * s.dim(0) : 0, 0);
  }

  private static LayerOutput dropout(LayerInput in) {
    Params p = in.params();
    p.number("p", 0.5, 0, 1, false);
    p.check();
    return LayerOutput.of(in.shape());
  }
}
