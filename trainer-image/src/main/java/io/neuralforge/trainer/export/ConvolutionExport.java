package io.neuralforge.trainer.export;

import static io.neuralforge.trainer.export.OnnxGraph.attr;

import java.util.ArrayList;
import java.util.List;

/** Conv1D/2D/3D and ConvTranspose2D: ONNX Conv and ConvTranspose share PyTorch's weight layouts. */
final class ConvolutionExport {
  private ConvolutionExport() {}

  static String build(ExportNode n) {
    int dims = n.inputShape().rank() - 1;
    int[] kernel = n.tuple("kernelSize", dims, 1);
    int[] stride = n.tuple("stride", dims, 1);
    int[] dilation = n.tuple("dilation", dims, 1);
    int groups = n.params().integer("groups", 1, 1);
    List<String> inputs = new ArrayList<>(List.of(n.input(), n.weight("weight")));
    if (n.parameter("bias") != null) {
      inputs.add(n.weight("bias"));
    }
    if (n.type().equals("ConvTranspose2D")) {
      int[] padding = n.tuple("padding", 2, 0);
      return n.graph()
          .node(
              "ConvTranspose",
              n.id(),
              inputs,
              attr("kernel_shape", ExportNode.longs(kernel)),
              attr("strides", ExportNode.longs(stride)),
              attr("dilations", ExportNode.longs(dilation)),
              attr("group", groups),
              attr("pads", ExportNode.pads(padding, padding)),
              attr("output_padding", ExportNode.longs(n.tuple("outputPadding", 2, 0))));
    }
    int[] before = new int[dims];
    int[] after = new int[dims];
    Object padding = n.params().raw("padding");
    if ("same".equals(padding)) {
      for (int i = 0; i < dims; i++) { // PyTorch: d*(k-1) in total, the odd one at the end
        int total = dilation[i] * (kernel[i] - 1);
        before[i] = total / 2;
        after[i] = total - before[i];
      }
    } else if (!"valid".equals(padding)) {
      before = n.tuple("padding", dims, 0);
      after = before;
    }
    return n.graph()
        .node(
            "Conv",
            n.id(),
            inputs,
            attr("kernel_shape", ExportNode.longs(kernel)),
            attr("strides", ExportNode.longs(stride)),
            attr("dilations", ExportNode.longs(dilation)),
            attr("group", groups),
            attr("pads", ExportNode.pads(before, after)));
  }
}
