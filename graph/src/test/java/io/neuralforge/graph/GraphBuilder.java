package io.neuralforge.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds GraphSpecs in tests, the way one writes a manifest. */
public final class GraphBuilder {
  private final List<GraphSpec.Input> inputs = new ArrayList<>();
  private final List<GraphSpec.Node> nodes = new ArrayList<>();
  private final List<String> outputs = new ArrayList<>();

  public GraphBuilder input(String name, Integer... shape) {
    inputs.add(new GraphSpec.Input(name, List.of(shape), null));
    return this;
  }

  public GraphBuilder tokens(String name, Integer... shape) {
    inputs.add(new GraphSpec.Input(name, List.of(shape), "int64"));
    return this;
  }

  /** Adds a node; {@code params} alternate key, value. Returns the node id. */
  public String node(String id, String type, List<String> from, Object... params) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      p.put((String) params[i], params[i + 1]);
    }
    nodes.add(new GraphSpec.Node(id, type, from, p.isEmpty() ? null : p));
    return id;
  }

  public String node(String id, String type, String from, Object... params) {
    return node(id, type, List.of(from), params);
  }

  public GraphBuilder output(String id) {
    outputs.add(id);
    return this;
  }

  public GraphSpec build() {
    return new GraphSpec(null, List.copyOf(inputs), List.copyOf(nodes), List.copyOf(outputs));
  }

  /** A single layer on one input, as its only output. */
  public static ValidationResult single(List<Integer> shape, String type, Object... params) {
    GraphBuilder g = new GraphBuilder();
    g.inputs.add(new GraphSpec.Input("x", shape, null));
    g.output(g.node("layer", type, "x", params));
    return GraphValidator.validate(g.build());
  }

  /** torchvision's ResNet-50 at 3x224x224. */
  public static GraphSpec resnet50() {
    GraphBuilder g = new GraphBuilder().input("image", 3, 224, 224);
    String x =
        g.node(
            "conv1",
            "Conv2D",
            "image",
            "outChannels",
            64,
            "kernelSize",
            7,
            "stride",
            2,
            "padding",
            3,
            "bias",
            false);
    x = g.node("bn1", "BatchNorm2D", x);
    x = g.node("relu1", "ReLU", x);
    x = g.node("maxpool", "MaxPool2D", x, "kernelSize", 3, "stride", 2, "padding", 1);
    int[][] stages = {{64, 3, 1}, {128, 4, 2}, {256, 6, 2}, {512, 3, 2}};
    for (int s = 0; s < stages.length; s++) {
      int width = stages[s][0];
      for (int b = 0; b < stages[s][1]; b++) {
        int stride = b == 0 ? stages[s][2] : 1;
        String p = "layer" + (s + 1) + "-" + b;
        String y =
            g.node(p + "-conv1", "Conv2D", x, "outChannels", width, "kernelSize", 1, "bias", false);
        y = g.node(p + "-relu1", "ReLU", g.node(p + "-bn1", "BatchNorm2D", y));
        y =
            g.node(
                p + "-conv2",
                "Conv2D",
                y,
                "outChannels",
                width,
                "kernelSize",
                3,
                "stride",
                stride,
                "padding",
                1,
                "bias",
                false);
        y = g.node(p + "-relu2", "ReLU", g.node(p + "-bn2", "BatchNorm2D", y));
        y =
            g.node(
                p + "-conv3",
                "Conv2D",
                y,
                "outChannels",
                width * 4,
                "kernelSize",
                1,
                "bias",
                false);
        y = g.node(p + "-bn3", "BatchNorm2D", y);
        String shortcut = x;
        if (b == 0) {
          shortcut =
              g.node(
                  p + "-down",
                  "Conv2D",
                  x,
                  "outChannels",
                  width * 4,
                  "kernelSize",
                  1,
                  "stride",
                  stride,
                  "bias",
                  false);
          shortcut = g.node(p + "-down-bn", "BatchNorm2D", shortcut);
        }
        x = g.node(p + "-relu3", "ReLU", g.node(p + "-add", "Add", List.of(y, shortcut)));
      }
    }
    x = g.node("flatten", "Flatten", g.node("avgpool", "AdaptiveAvgPool2D", x, "outputSize", 1));
    g.output(g.node("fc", "Linear", x, "outFeatures", 1000));
    return g.build();
  }

  /** {@code blocks} residual MLP blocks of four nodes each, on a 64-feature input. */
  public static GraphSpec residualChain(int blocks) {
    GraphBuilder g = new GraphBuilder().input("x", 64);
    String x = "x";
    for (int i = 0; i < blocks; i++) {
      String y = g.node("fc" + i, "Linear", x, "outFeatures", 64);
      y = g.node("norm" + i, "LayerNorm", y);
      y = g.node("act" + i, "GELU", y);
      x = g.node("add" + i, "Add", List.of(x, y));
    }
    g.output(x);
    return g.build();
  }
}
