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
        target[0] = 0; // the batch, copied: shape inference keeps it symbolic
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
      case "Upsample" -> upsample(n);
      default -> throw new IllegalArgumentException(n.type());
    };
  }

  /**
   * Upsampling as two matrix products, rows then columns, with PyTorch's weights: nearest takes
   * input i / scale; bilinear (align_corners=False) mixes the two inputs around (i + 0.5) / scale -
   * 0.5. Exact, and unlike Resize with scales it keeps the batch dimension known to shape
   * inference.
   */
  private static String upsample(ExportNode n) {
    OnnxGraph g = n.graph();
    int[] scale = n.params().requiredTuple("scaleFactor", 2, 1);
    boolean bilinear = "bilinear".equals(n.params().raw("mode"));
    int h = n.inputShape().dim(1);
    int w = n.inputShape().dim(2);
    float[] rows = interpolation(h, scale[0], bilinear); // [h, h * s]
    float[] cols = interpolation(w, scale[1], bilinear); // [w, w * s]
    String rowsT =
        g.floats(n.id() + "_rows", transpose(rows, h, h * scale[0]), (long) h * scale[0], h);
    String widened =
        g.node(
            "MatMul",
            n.id() + "_cols",
            List.of(n.input(), g.floats(n.id() + "_cols", cols, w, (long) w * scale[1])));
    return g.node("MatMul", n.id(), List.of(rowsT, widened));
  }

  /** [length, length * scale]: column i holds the weights of output i over the inputs. */
  private static float[] interpolation(int length, int scale, boolean linear) {
    int out = length * scale;
    float[] m = new float[length * out];
    for (int i = 0; i < out; i++) {
      if (!linear) {
        m[(i / scale) * out + i] = 1f;
        continue;
      }
      double source = Math.max((i + 0.5) / scale - 0.5, 0);
      int low = (int) Math.floor(source);
      int high = Math.min(low + 1, length - 1);
      float upper = (float) (source - low);
      m[low * out + i] += 1 - upper;
      m[high * out + i] += upper;
    }
    return m;
  }

  private static float[] transpose(float[] m, int rows, int cols) {
    float[] t = new float[m.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = m[r * cols + c];
      }
    }
    return t;
  }
}
