package io.neuralforge.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole graphs: published figures, structural errors, the hash. */
class GraphValidatorTest {

  @Test
  void resnet50MatchesTorchvision() {
    ValidationResult r = GraphValidator.validate(GraphBuilder.resnet50());
    assertThat(r.errors()).isEmpty();
    assertThat(r.parameterCount()).isEqualTo(25_557_032L);
    assertThat((double) r.macs())
        .isCloseTo(4.09e9, org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(r.outputs())
        .singleElement()
        .satisfies(o -> assertThat(o.shape()).containsExactly(1000));
  }

  @Test
  void countsBeyondLongAreAnErrorOnTheNodeThatOverflowsNotASaturatedTotal() {
    // Each Linear has (2^31-1)^2 + (2^31-1) parameters: two fit in a long, three do not.
    GraphBuilder g = new GraphBuilder().input("x", Integer.MAX_VALUE);
    String x = "x";
    for (int i = 1; i <= 3; i++) {
      x = g.node("fc" + i, "Linear", x, "outFeatures", Integer.MAX_VALUE);
    }
    ValidationResult r = GraphValidator.validate(g.output(x).build());
    assertThat(r.valid()).isFalse();
    assertThat(r.errors())
        .extracting(GraphError::describe)
        .containsExactly(
            "node fc3: the model's parameter count exceeds 2^63-1 with this node",
            "node fc3: the model's MAC count exceeds 2^63-1 with this node");
  }

  @Test
  void everyErrorIsReportedInOnePassNamingItsNode() {
    GraphBuilder g = new GraphBuilder().input("image", 1, 28, 28);
    g.node("conv", "Conv2d", "image");
    g.node("pool", "MaxPool2D", "nowhere", "kernelSize", 2);
    g.node("fc", "Linear", "image", "outFeatures", -3);
    g.node("a", "ReLU", "b");
    g.node("b", "ReLU", "a");
    g.node("ok", "Flatten", "image");
    g.output("conv").output("pool").output("fc").output("b").output("ok");
    ValidationResult r = GraphValidator.validate(g.build());
    assertThat(r.valid()).isFalse();
    assertThat(r.errors())
        .extracting(GraphError::node, GraphError::field)
        .contains(
            org.assertj.core.groups.Tuple.tuple("conv", "type"),
            org.assertj.core.groups.Tuple.tuple("pool", "inputs"),
            org.assertj.core.groups.Tuple.tuple("fc", "outFeatures"));
    assertThat(r.errors())
        .anySatisfy(e -> assertThat(e.message()).contains("cycle").contains("a").contains("b"));
    assertThat(r.errors()).anySatisfy(e -> assertThat(e.message()).contains("did you mean Conv2D"));
    // a node whose inputs are valid still gets its shape
    assertThat(r.nodes())
        .filteredOn(n -> n.id().equals("ok"))
        .singleElement()
        .satisfies(n -> assertThat(n.outputShape()).containsExactly(784));
  }

  @Test
  void duplicateIdsUnreachableNodesAndBadOutputs() {
    GraphBuilder g = new GraphBuilder().input("x", 4);
    g.node("fc", "Linear", "x", "outFeatures", 2);
    g.node("fc", "Linear", "x", "outFeatures", 3);
    g.node("dead", "ReLU", "x");
    g.output("fc").output("x").output("missing");
    ValidationResult r = GraphValidator.validate(g.build());
    assertThat(r.errors())
        .extracting(GraphError::node, GraphError::message)
        .anySatisfy(
            t ->
                assertThat(t.toList())
                    .containsExactly("fc", "duplicate id: \"fc\" is used by more than one node"))
        .anySatisfy(t -> assertThat(t.toList().get(1).toString()).startsWith("unreachable"))
        .anySatisfy(t -> assertThat(t.toList().get(1).toString()).contains("is a model input"))
        .anySatisfy(
            t -> assertThat(t.toList().get(1).toString()).contains("\"missing\" is not a node id"));
  }

  @Test
  void onlyEmbeddingReadsTokenIds() {
    GraphBuilder g = new GraphBuilder().tokens("tokens", 16);
    g.output(g.node("relu", "ReLU", "tokens"));
    assertThat(GraphValidator.validate(g.build()).errors())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("only Embedding"));
  }

  @Test
  void badInputsAndEmptySpecsAreErrorsNotExceptions() {
    ValidationResult empty = GraphValidator.validate(new GraphSpec(null, null, null, null));
    assertThat(empty.errors())
        .extracting(GraphError::field)
        .containsExactly("inputs", "nodes", "outputs");
    GraphSpec zero =
        new GraphSpec(
            null, List.of(new GraphSpec.Input("x", List.of(0, 3), null)), List.of(), List.of());
    assertThat(GraphValidator.validate(zero).errors())
        .anySatisfy(e -> assertThat(e.field()).isEqualTo("shape"));
  }

  @Test
  void tooManyNodesIsAnError() {
    ValidationResult r = GraphValidator.validate(GraphBuilder.residualChain(501));
    assertThat(r.errors()).anySatisfy(e -> assertThat(e.message()).contains("at most 2000 nodes"));
    assertThat(GraphValidator.validate(GraphBuilder.residualChain(500)).errors()).isEmpty();
  }

  @Test
  void hashIgnoresNodeOrderAndKeyOrderButNotEdits() {
    GraphSpec spec = GraphBuilder.resnet50();
    List<GraphSpec.Node> shuffled = new ArrayList<>();
    for (GraphSpec.Node n : spec.nodes()) {
      Map<String, Object> reversed = new LinkedHashMap<>();
      if (n.params() != null) {
        List<String> keys = new ArrayList<>(n.params().keySet());
        Collections.reverse(keys);
        keys.forEach(k -> reversed.put(k, n.params().get(k)));
      }
      shuffled.add(
          new GraphSpec.Node(n.id(), n.type(), n.inputs(), n.params() == null ? null : reversed));
    }
    Collections.shuffle(shuffled, new java.util.Random(7));
    GraphSpec reordered = new GraphSpec(null, spec.inputs(), shuffled, spec.outputs());
    assertThat(GraphHash.of(reordered))
        .isEqualTo(GraphHash.of(spec))
        .startsWith("sha256:")
        .hasSize(71);

    List<GraphSpec.Node> edited = new ArrayList<>(spec.nodes());
    GraphSpec.Node fc = edited.remove(edited.size() - 1);
    edited.add(new GraphSpec.Node(fc.id(), fc.type(), fc.inputs(), Map.of("outFeatures", 10)));
    assertThat(GraphHash.of(new GraphSpec(null, spec.inputs(), edited, spec.outputs())))
        .isNotEqualTo(GraphHash.of(spec));
  }

  @Test
  void canonicalNumbersFollowEcmaScript() {
    assertThat(CanonicalJson.number(1e-5)).isEqualTo("0.00001");
    assertThat(CanonicalJson.number(1.0)).isEqualTo("1");
    assertThat(CanonicalJson.number(0.1)).isEqualTo("0.1");
    assertThat(CanonicalJson.number(1e21)).isEqualTo("1e+21");
    assertThat(CanonicalJson.number(1.5e-9)).isEqualTo("1.5e-9");
    assertThat(CanonicalJson.number(42)).isEqualTo("42");
  }
}
