package io.neuralforge.trainer.export;

import static io.neuralforge.trainer.export.OnnxGraph.attr;

import java.util.List;

/** Identity, flatten, reshape, permute, merges, zero padding and upsampling. */
final class StructureExport {
  private StructureExport() {}

  static String build(ExportNode n) {
    OnnxGraph g = n.graph();
    String id = n.id();
    int rank = n.inputShape().rank();
    return switch (n.type()) {
      case "Identity" -> g.node("Identity", id, List.of(n.input()));
      case "Flatten", "Reshape" -> {
        long[] target = new long[n.outputShape().rank() + 1];
        target[0] = -1; // the batch
        for (int i = 0; i < n.outputShape().rank(); i++) {
          target[i + 1] = n.outputShape().dim(i);
        }
        yield g.node("Reshape", id, List.of(n.input(), g.ints("shape", target)));
      }
      case "Permute" -> {
        int[] dims = n.params().intList("dims", new int[0]);
        long[] perm = new long[rank + 1];
        for (int i = 0; i < rank; i++) {
          perm[i + 1] = ExportNode.batchedAxis(dims[i], rank);
        }
        yield g.node("Transpose", id, List.of(n.input()), attr("perm", perm));
      }
      case "Add", "Multiply" -> {
        String op = n.type().equals("Add") ? "Add" : "Mul";
        String result = n.inputs().get(0);
        for (int i = 1; i < n.inputs().size(); i++) {
          result = g.node(op, id, List.of(result, n.inputs().get(i)));
        }
        yield result;
      }
      case "Concat" ->
          g.node(
              "Concat",
              id,
              n.inputs(),
              attr("axis", ExportNode.batchedAxis(n.params().anyInt("axis", 0), rank)));
      case "ZeroPad2D" -> {
        int[] pad = new int[4]; // left, right, top, bottom
        Object raw = n.params().raw("padding");
        java.util.Arrays.fill(pad, raw instanceof Integer i ? i : 0);
        if (raw instanceof List<?> list) {
          for (int i = 0; i < 4; i++) {
            pad[i] = ((Number) list.get(i)).intValue();
          }
        }
        long[] pads = {0, 0, pad[2], pad[0], 0, 0, pad[3], pad[1]};
        yield g.node("Pad", id, List.of(n.input(), g.ints("pads", pads)));
      }
      case "Upsample" -> {
        int[] scale = n.params().requiredTuple("scaleFactor", 2, 1);
        String scales = g.floats("scales", new float[] {1, 1, scale[0], scale[1]}, 4);
        boolean bilinear = "bilinear".equals(n.params().raw("mode"));
        yield g.node(
            "Resize",
            id,
            List.of(n.input(), "", scales),
            attr("mode", bilinear ? "linear" : "nearest"),
            attr("coordinate_transformation_mode", bilinear ? "half_pixel" : "asymmetric"),
            attr("nearest_mode", "floor"));
      }
      default -> throw new IllegalArgumentException(n.type());
    };
  }
}
