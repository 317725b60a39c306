package io.neuralforge.operator.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuralforge.api.v1alpha1.ArchitectureStatus;
import io.neuralforge.api.v1alpha1.GraphIssue;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.graph.ValidationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A graph with more errors than a status can hold: the first hundred, then how many more. */
class ArchitectureStatusBuilderTest {
  private static final String LONG_KEY = "k".repeat(16 * 1024);

  /** 5,000 nodes, each wrong: half of an unknown type, half with an unknown 16 KiB param key. */
  private static GraphSpec badNodes() {
    List<GraphSpec.Node> nodes = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      nodes.add(
          i % 2 == 0
              ? new GraphSpec.Node("n" + i, "Nope" + "x".repeat(1_000), List.of("x"), null)
              : new GraphSpec.Node(
                  "n" + i, "Linear", List.of("x"), Map.of("outFeatures", 3, LONG_KEY, 0)));
    }
    return new GraphSpec(
        null, List.of(new GraphSpec.Input("x", List.of(4), null)), nodes, List.of("n1"));
  }

  @Test
  void fiveThousandBadNodesGiveTheFirstHundredErrorsAndHowManyMore() throws Exception {
    ValidationResult result = GraphValidator.validate(badNodes());
    int total = result.errors().size();
    assertThat(total).isGreaterThan(5_000);

    ArchitectureStatus status =
        ArchitectureStatusBuilder.build(result, "sha256:x", 1L, null, Instant.EPOCH);

    assertThat(status.errors).hasSize(101);
    assertThat(status.errors.get(0).message).isEqualTo(result.errors().get(0).message());
    GraphIssue last = status.errors.get(100);
    assertThat(last.message).isEqualTo("and " + (total - 100) + " more errors");
    assertThat(last.node).isNull();
    assertThat(status.errors)
        .allSatisfy(
            e -> {
              assertThat(e.message).hasSizeLessThanOrEqualTo(512);
              assertThat(e.field == null ? "" : e.field).hasSizeLessThanOrEqualTo(253);
            });
    assertThat(status.errors)
        .anySatisfy(e -> assertThat(e.field).startsWith("kkkk").endsWith("…").hasSize(253));
    assertThat(status.conditions.get(0).getMessage())
        .hasSizeLessThanOrEqualTo(512)
        .endsWith("(and " + (total - 1) + " more errors)");
    assertThat(status.nodes).hasSize(GraphValidator.MAX_NODES);
    assertThat(status.nodes).allSatisfy(n -> assertThat(n.type).hasSizeLessThanOrEqualTo(63));
    // a fraction of the 1.5 MiB the API server stores, with the spec beside it
    assertThat(new ObjectMapper().writeValueAsBytes(status).length).isLessThan(384 * 1024);
  }

  @Test
  void aFewErrorsAreListedWhole() {
    GraphSpec spec =
        new GraphSpec(
            null,
            List.of(new GraphSpec.Input("x", List.of(4), null)),
            List.of(new GraphSpec.Node("a", "Nope", List.of("x"), null)),
            List.of("a"));
    ArchitectureStatus status =
        ArchitectureStatusBuilder.build(
            GraphValidator.validate(spec), "sha256:x", 1L, null, Instant.EPOCH);
    assertThat(status.errors).extracting(e -> e.node).containsExactly("a");
    assertThat(status.errors.get(0).message).startsWith("unknown type \"Nope\"");
  }
}
