package io.neuralforge.diagram;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.neuralforge.graph.GraphSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The example Architectures' graphs, and graphs made for a test. */
final class Graphs {
  static final Path EXAMPLES = Path.of("../examples/architectures");
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Graphs() {}

  static List<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  static GraphSpec example(String name) throws IOException {
    return read(EXAMPLES.resolve(name + ".yaml"));
  }

  static GraphSpec read(Path file) throws IOException {
    JsonNode spec = YAML.readTree(file.toFile()).path("spec");
    return YAML.treeToValue(spec, GraphSpec.class);
  }

  static GraphSpec.Node node(String id, String type, List<String> inputs, Map<String, Object> p) {
    return new GraphSpec.Node(id, type, inputs, p);
  }

  /** Linear, ReLU, Linear, ReLU... {@code size} nodes in one chain. */
  static GraphSpec chain(int size) {
    List<GraphSpec.Node> nodes = new ArrayList<>();
    String previous = "x";
    for (int i = 0; i < size; i++) {
      String id = "n" + i;
      nodes.add(
          i % 2 == 0
              ? node(id, "Linear", List.of(previous), Map.of("outFeatures", 32 + (i % 6) * 8))
              : node(id, "ReLU", List.of(previous), null));
      previous = id;
    }
    return new GraphSpec(
        "a chain of " + size,
        List.of(new GraphSpec.Input("x", List.of(32), null)),
        nodes,
        List.of(previous));
  }

  /** A stem, {@code blocks} identical residual blocks, and a head. */
  static GraphSpec residual(int blocks) {
    List<GraphSpec.Node> nodes = new ArrayList<>();
    nodes.add(
        node(
            "stem",
            "Conv2D",
            List.of("image"),
            Map.of("outChannels", 16, "kernelSize", 3, "padding", 1)));
    String previous = "stem";
    for (int b = 0; b < blocks; b++) {
      String p = "b" + b + "-";
      Map<String, Object> conv = Map.of("outChannels", 16, "kernelSize", 3, "padding", 1);
      nodes.add(node(p + "conv1", "Conv2D", List.of(previous), conv));
      nodes.add(node(p + "bn1", "BatchNorm2D", List.of(p + "conv1"), null));
      nodes.add(node(p + "relu1", "ReLU", List.of(p + "bn1"), null));
      nodes.add(node(p + "conv2", "Conv2D", List.of(p + "relu1"), conv));
      nodes.add(node(p + "add", "Add", List.of(p + "conv2", previous), null));
      nodes.add(node(p + "relu2", "ReLU", List.of(p + "add"), null));
      previous = p + "relu2";
    }
    nodes.add(node("pool", "AdaptiveAvgPool2D", List.of(previous), Map.of("outputSize", 1)));
    nodes.add(node("flat", "Flatten", List.of("pool"), null));
    nodes.add(node("fc", "Linear", List.of("flat"), Map.of("outFeatures", 10)));
    return new GraphSpec(
        "residual",
        List.of(new GraphSpec.Input("image", List.of(3, 32, 32), null)),
        nodes,
        List.of("fc"));
  }
}
