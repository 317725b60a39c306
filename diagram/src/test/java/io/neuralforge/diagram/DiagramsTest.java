package io.neuralforge.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuralforge.diagram.SvgReading.BoxElement;
import io.neuralforge.diagram.SvgReading.EdgeElement;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.graph.ValidationResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What the pictures show, read back from the SVG; and that the PNG is a picture. */
class DiagramsTest {

  static Stream<Path> examples() throws Exception {
    return Graphs.examples().stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleShowsEveryNodeAndEdgeWithTheValidatorsShapes(Path file) throws Exception {
    GraphSpec spec = Graphs.read(file);
    ValidationResult result = GraphValidator.validate(spec);
    assertThat(result.errors()).isEmpty();
    SvgReading svg = SvgReading.of(Diagrams.svg(spec, result, false));

    Set<String> expectedBoxes = new HashSet<>();
    spec.inputs().forEach(in -> expectedBoxes.add(in.name()));
    spec.nodes().forEach(n -> expectedBoxes.add(n.id()));
    assertThat(svg.boxes())
        .extracting(BoxElement::name)
        .containsExactlyInAnyOrderElementsOf(expectedBoxes);
    for (GraphSpec.Node node : spec.nodes()) {
      BoxElement box = box(svg, node.id());
      assertThat(box.id()).isEqualTo("node-" + node.id());
      assertThat(box.text()).contains(node.id()).contains(node.type());
      assertThat(box.error()).isEmpty();
    }
    assertThat(svg.edges()).containsExactlyInAnyOrderElementsOf(expectedEdges(spec, result));
    assertNoOverlapAndInsideViewBox(svg);
  }

  /**
   * One edge per (source, reader) pair, labelled with the source's shape as the validator has it.
   */
  private static List<EdgeElement> expectedEdges(GraphSpec spec, ValidationResult result) {
    Map<String, String> shapes = new HashMap<>();
    spec.inputs().forEach(in -> shapes.put(in.name(), in.shape().toString()));
    result.nodes().forEach(r -> shapes.put(r.id(), r.outputShape().toString()));
    Map<String, EdgeElement> edges = new LinkedHashMap<>();
    for (GraphSpec.Node node : spec.nodes()) {
      for (String from : node.inputs()) {
        String shape = shapes.get(from);
        edges.putIfAbsent(from + ">" + node.id(), new EdgeElement(from, node.id(), shape, shape));
      }
    }
    return new ArrayList<>(edges.values());
  }

  private static void assertNoOverlapAndInsideViewBox(SvgReading svg) {
    List<BoxElement> boxes = svg.boxes();
    for (int i = 0; i < boxes.size(); i++) {
      SvgReading.Rect a = boxes.get(i).rect();
      assertThat(a.x()).isGreaterThanOrEqualTo(0);
      assertThat(a.y()).isGreaterThanOrEqualTo(0);
      assertThat(a.x() + a.width()).isLessThanOrEqualTo(svg.width());
      assertThat(a.y() + a.height()).isLessThanOrEqualTo(svg.height());
      for (int j = i + 1; j < boxes.size(); j++) {
        assertThat(a.overlaps(boxes.get(j).rect()))
            .as("%s overlaps %s", boxes.get(i).name(), boxes.get(j).name())
            .isFalse();
      }
    }
  }

  private static BoxElement box(SvgReading svg, String name) {
    return svg.boxes().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void anInvalidNodeIsRedAndCarriesItsError() throws Exception {
    GraphSpec spec = Graphs.example("mlp-digits");
    List<GraphSpec.Node> nodes = new ArrayList<>(spec.nodes());
    GraphSpec.Node fc2 = nodes.get(2);
    nodes.set(2, new GraphSpec.Node(fc2.id(), fc2.type(), fc2.inputs(), Map.of("outFeatures", 0)));
    GraphSpec broken = new GraphSpec(spec.description(), spec.inputs(), nodes, spec.outputs());
    ValidationResult result = GraphValidator.validate(broken);
    assertThat(result.errors()).isNotEmpty();

    SvgReading svg = SvgReading.of(Diagrams.svg(broken, result, false));
    BoxElement bad = box(svg, "fc2");
    String message = result.errors().get(0).message();
    assertThat(bad.cssClass()).contains("invalid");
    assertThat(bad.error()).contains(message);
    assertThat(bad.rect().style()).contains("rgb(255,228,228)"); // the red fill
    assertThat(bad.text().replaceAll("\\s+", " ")).contains("outFeatures:");
    assertThat(box(svg, "fc1").error()).isEmpty();
    // downstream of the bad node nothing is known: the edges say so
    assertThat(svg.edges())
        .filteredOn(e -> e.from().equals("fc2"))
        .extracting(EdgeElement::label)
        .containsOnly("?");
  }

  @Test
  void twoNodesAndTwoHundredNodesBothDraw() throws Exception {
    for (int size : new int[] {2, 200}) {
      GraphSpec spec = Graphs.chain(size);
      ValidationResult result = GraphValidator.validate(spec);
      assertThat(result.errors()).isEmpty();
      SvgReading svg = SvgReading.of(Diagrams.svg(spec, result, false));
      assertThat(svg.boxes()).hasSize(size + 1);
      assertThat(svg.edges()).hasSize(size);
      assertNoOverlapAndInsideViewBox(svg);
      assertThat(svg.width()).isBetween(100.0, 1000.0);
    }
  }

  @Test
  void collapseFoldsRepeatedBlocksIntoOneBoxTimesN() throws Exception {
    GraphSpec spec = Graphs.residual(5);
    ValidationResult result = GraphValidator.validate(spec);
    assertThat(result.errors()).isEmpty();
    SvgReading full = SvgReading.of(Diagrams.svg(spec, result, false));
    SvgReading folded = SvgReading.of(Diagrams.svg(spec, result, true));

    assertThat(full.boxes()).hasSize(1 + 1 + 5 * 6 + 3);
    assertThat(folded.boxes()).hasSize(1 + 1 + 1 + 3);
    BoxElement block =
        folded.boxes().stream()
            .filter(b -> b.cssClass().contains("block"))
            .findFirst()
            .orElseThrow();
    assertThat(block.g().getAttribute("data-repeat")).isEqualTo("5");
    assertThat(block.text()).contains("×5");
    assertThat(block.g().getAttribute("data-nodes").split(" "))
        .hasSize(30)
        .startsWith("b0-conv1")
        .endsWith("b4-relu2");
    assertThat(folded.edges())
        .extracting(EdgeElement::from, EdgeElement::to)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("image", "stem"),
            org.assertj.core.groups.Tuple.tuple("stem", "block-b0-conv1"),
            org.assertj.core.groups.Tuple.tuple("block-b0-conv1", "pool"),
            org.assertj.core.groups.Tuple.tuple("pool", "flat"),
            org.assertj.core.groups.Tuple.tuple("flat", "fc"));
    assertNoOverlapAndInsideViewBox(folded);
  }

  @Test
  void collapseShrinksResNet18AndLeavesUnrepeatedGraphsAlone() throws Exception {
    GraphSpec resnet = Graphs.example("resnet18");
    ValidationResult result = GraphValidator.validate(resnet);
    int full = SvgReading.of(Diagrams.svg(resnet, result, false)).boxes().size();
    SvgReading folded = SvgReading.of(Diagrams.svg(resnet, result, true));
    assertThat(folded.boxes().size()).isLessThan(full);
    assertThat(folded.boxes()).anySatisfy(b -> assertThat(b.text()).contains("×2"));

    GraphSpec lenet = Graphs.example("lenet-bn");
    ValidationResult lenetResult = GraphValidator.validate(lenet);
    assertThat(Diagrams.svg(lenet, lenetResult, true))
        .isEqualTo(Diagrams.svg(lenet, lenetResult, false));
  }

  @Test
  void sameInputSameBytes() throws Exception {
    GraphSpec spec = Graphs.example("unet");
    ValidationResult result = GraphValidator.validate(spec);
    assertThat(Diagrams.svg(spec, result, false)).isEqualTo(Diagrams.svg(spec, result, false));
    assertThat(Diagrams.png(spec, result, true)).isEqualTo(Diagrams.png(spec, result, true));
  }

  @Test
  void pngIsAnImageTwiceTheSvgsSize() throws Exception {
    GraphSpec spec = Graphs.example("lenet-bn");
    ValidationResult result = GraphValidator.validate(spec);
    SvgReading svg = SvgReading.of(Diagrams.svg(spec, result, false));
    byte[] png = Diagrams.render(spec, result, false, Diagrams.Format.PNG);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo((int) Math.ceil(svg.width() * 2));
    assertThat(image.getHeight()).isEqualTo((int) Math.ceil(svg.height() * 2));
    assertThat(image.getRGB(0, 0) & 0xffffff).isEqualTo(0xffffff);
  }

  @Test
  void formatFollowsTheExtension() {
    assertThat(Diagrams.Format.ofFileName("net.SVG")).isEqualTo(Diagrams.Format.SVG);
    assertThat(Diagrams.Format.ofFileName("out/net.png")).isEqualTo(Diagrams.Format.PNG);
    assertThat(Diagrams.Format.ofFileName("net.pdf")).isNull();
  }
}
