package io.neuralforge.trainer.export;

import static io.neuralforge.trainer.export.OnnxGraph.attr;

import java.util.ArrayList;
import java.util.List;

/**
 * Max, average, adaptive and global pooling. PyTorch's ceil mode is written as explicit end padding
 * (which ONNX's own ceil mode does not always match); average pooling that counts padding pads the
 * zeros first, so that windows running past the padded input divide by what they cover, as PyTorch
 * does. Adaptive pooling whose sizes do not divide becomes one reduction per output cell.
 */
final class PoolingExport {
  private PoolingExport() {}

  static String build(ExportNode n) {
    return switch (n.type()) {
      case "GlobalAvgPool2D" ->
          n.graph()
              .node(
                  "ReduceMean",
                  n.id(),
                  List.of(n.input()),
                  attr("axes", new long[] {2, 3}),
                  attr("keepdims", n.outputShape().rank() == 1 ? 0 : 1));
      case "AdaptiveAvgPool2D" -> adaptive(n, "AveragePool", "ReduceMean");
      case "AdaptiveMaxPool2D" -> adaptive(n, "MaxPool", "ReduceMax");
      default -> window(n);
    };
  }

  private static String window(ExportNode n) {
    int dims = n.inputShape().rank() - 1;
    int[] kernel = n.tuple("kernelSize", dims, 1);
    int[] stride = n.params().has("stride") ? n.tuple("stride", dims, 1) : kernel;
    int[] padding = n.tuple("padding", dims, 0);
    int[] dilation = n.type().startsWith("Max") ? n.tuple("dilation", dims, 1) : ones(dims);
    int[] extra = new int[dims];
    for (int i = 0; i < dims; i++) {
      int length = n.inputShape().dim(i + 1);
      int out = n.outputShape().dim(i + 1);
      int covered = (out - 1) * stride[i] + dilation[i] * (kernel[i] - 1) + 1;
      extra[i] = Math.max(0, covered - (length + 2 * padding[i]));
    }
    if (n.type().startsWith("Max")) {
      return n.graph()
          .node(
              "MaxPool",
              n.id(),
              List.of(n.input()),
              attr("kernel_shape", ExportNode.longs(kernel)),
              attr("strides", ExportNode.longs(stride)),
              attr("dilations", ExportNode.longs(dilation)),
              attr("pads", ExportNode.pads(padding, plus(padding, extra))));
    }
    String x = n.input();
    int[] before = padding;
    int[] after = plus(padding, extra);
    if (n.params().bool("countIncludePad", true)) {
      long[] pads = new long[2 * (dims + 2)];
      for (int i = 0; i < dims; i++) {
        pads[2 + i] = padding[i];
        pads[dims + 4 + i] = padding[i];
      }
      x = n.graph().node("Pad", n.id() + "_pad", List.of(x, n.graph().ints("pads", pads)));
      before = new int[dims];
      after = extra;
    }
    return n.graph()
        .node(
            "AveragePool",
            n.id(),
            List.of(x),
            attr("kernel_shape", ExportNode.longs(kernel)),
            attr("strides", ExportNode.longs(stride)),
            attr("pads", ExportNode.pads(before, after)),
            attr("count_include_pad", 0));
  }

  /**
   * PyTorch's adaptive pooling: output cell i of n covers input rows floor(i*L/n) to
   * ceil((i+1)*L/n). When n divides L that is an ordinary pooling window.
   */
  private static String adaptive(ExportNode n, String pool, String reduce) {
    int h = n.inputShape().dim(1);
    int w = n.inputShape().dim(2);
    int oh = n.outputShape().dim(1);
    int ow = n.outputShape().dim(2);
    if (h % oh == 0 && w % ow == 0) {
      long[] window = {h / oh, w / ow};
      return n.graph()
          .node(
              pool,
              n.id(),
              List.of(n.input()),
              attr("kernel_shape", window),
              attr("strides", window));
    }
    OnnxGraph g = n.graph();
    String axes = g.ints("axes", 2, 3);
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < oh; i++) {
      long h0 = Math.floorDiv((long) i * h, oh);
      long h1 = -Math.floorDiv(-(long) (i + 1) * h, oh);
      List<String> cells = new ArrayList<>();
      for (int j = 0; j < ow; j++) {
        long w0 = Math.floorDiv((long) j * w, ow);
        long w1 = -Math.floorDiv(-(long) (j + 1) * w, ow);
        String window =
            g.node(
                "Slice",
                n.id() + "_window",
                List.of(n.input(), g.ints("starts", h0, w0), g.ints("ends", h1, w1), axes));
        cells.add(
            g.node(
                reduce,
                n.id() + "_cell",
                List.of(window),
                attr("axes", new long[] {2, 3}),
                attr("keepdims", 1)));
      }
      rows.add(g.node("Concat", n.id() + "_row", cells, attr("axis", 3)));
    }
    return g.node("Concat", n.id(), rows, attr("axis", 2));
  }

  private static int[] ones(int n) {
    int[] ones = new int[n];
    java.util.Arrays.fill(ones, 1);
    return ones;
  }

  private static int[] plus(int[] a, int[] b) {
    int[] sum = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      sum[i] = a[i] + b[i];
    }
    return sum;
  }
}
