package io.neuralforge.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuralforge.graph.layers.LayerCatalog;
import io.neuralforge.graph.layers.LayerType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generated and mutated graphs: validation always returns a result, never an exception, and never
 * falls back on its internal-error safety net. The graphs come from seeds drawn by a fixed seed, so
 * every run checks the same ones and a failure names the seed that reproduces it.
 */
class GraphValidatorPropertyTest {
  private static final long SEEDS = 20261204L;
  private static final List<String> TYPES = new ArrayList<>(LayerCatalog.all().keySet());
  private static final List<Object> VALUES =
      Arrays.asList(
          null,
          -3,
          -1,
          0,
          1,
          2,
          3,
          4,
          7,
          64,
          1 << 30,
          Integer.MAX_VALUE,
          Long.MAX_VALUE,
          0.0,
          0.5,
          1.0,
          -2.5,
          Double.NaN,
          true,
          false,
          "same",
          "valid",
          "learned",
          "sinusoidal",
          "mean",
          "gelu",
          "bilinear",
          "",
          List.of(),
          List.of(2, 3),
          List.of(1, 1, 1),
          List.of(-1, 4),
          List.of(1, 2, 3, 4),
          List.of("a"),
          Arrays.asList(1, null),
          Map.of("x", 1));

  @Test
  void validationNeverThrows() {
    Random seeds = new Random(SEEDS);
    for (int trial = 0; trial < 2000; trial++) {
      long seed = seeds.nextLong();
      int size = trial % 41; // every size from 0 to 40, the edges included
      reproducible(seed, "size " + size, () -> validatesRandomGraph(seed, size));
    }
  }

  @Test
  void mutatingAValidGraphNeverThrows() {
    Random seeds = new Random(SEEDS + 1);
    for (int trial = 0; trial < 300; trial++) {
      long seed = seeds.nextLong();
      reproducible(seed, "resnet50 mutated", () -> validatesMutatedResnet(seed));
    }
  }

  /** Runs {@code check}; a failure says which seed reproduces it. */
  private static void reproducible(long seed, String what, Runnable check) {
    try {
      check.run();
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("seed " + seed + ", " + what + ": " + e.getMessage(), e);
    }
  }

  private static void validatesRandomGraph(long seed, int size) {
    GraphSpec spec = randomGraph(new Random(seed), size);
    ValidationResult result = GraphValidator.validate(spec);
    assertThat(result).isNotNull();
    assertThat(GraphHash.of(spec)).startsWith("sha256:");
    assertThat(result.errors())
        .noneSatisfy(e -> assertThat(e.message()).startsWith(GraphValidator.INTERNAL));
    if (result.valid()) {
      assertThat(result.nodes())
          .allSatisfy(
              n -> {
                assertThat(n.outputShape())
                    .isNotEmpty()
                    .allSatisfy(d -> assertThat(d).isPositive());
                assertThat(n.parameterCount()).isNotNegative();
                assertThat(n.macs()).isNotNegative();
              });
      assertThat(result.outputs()).allSatisfy(o -> assertThat(o.shape()).isNotNull());
    }
  }

  private static void validatesMutatedResnet(long seed) {
    Random random = new Random(seed);
    GraphSpec valid = GraphBuilder.resnet50();
    List<GraphSpec.Node> nodes = new ArrayList<>(valid.nodes());
    for (int m = 0; m < 1 + random.nextInt(4); m++) {
      int i = random.nextInt(nodes.size());
      GraphSpec.Node n = nodes.get(i);
      if (n == null) {
        continue;
      }
      nodes.set(
          i,
          switch (random.nextInt(5)) {
            case 0 -> new GraphSpec.Node(n.id(), pick(random, TYPES), n.inputs(), n.params());
            case 1 ->
                new GraphSpec.Node(
                    n.id(), n.type(), List.of(pick(random, valid.nodes()).id()), n.params());
            case 2 ->
                new GraphSpec.Node(
                    n.id(),
                    n.type(),
                    n.inputs(),
                    randomParams(random, LayerCatalog.find(n.type())));
            case 3 ->
                new GraphSpec.Node(
                    pick(random, valid.nodes()).id(), n.type(), n.inputs(), n.params());
            default -> null;
          });
    }
    ValidationResult result =
        GraphValidator.validate(new GraphSpec(null, valid.inputs(), nodes, valid.outputs()));
    assertThat(result.errors())
        .noneSatisfy(e -> assertThat(e.message()).startsWith(GraphValidator.INTERNAL));
  }

  private static GraphSpec randomGraph(Random random, int size) {
    List<GraphSpec.Input> inputs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int inputCount = random.nextInt(3);
    for (int i = 0; i < inputCount; i++) {
      List<Integer> shape = new ArrayList<>();
      int rank = random.nextInt(5);
      for (int d = 0; d < rank; d++) {
        shape.add(random.nextInt(10) == 0 ? random.nextInt(3) - 1 : 1 + random.nextInt(40));
      }
      String name = random.nextInt(20) == 0 ? null : "in" + i;
      String dtype =
          switch (random.nextInt(6)) {
            case 0 -> "int64";
            case 1 -> "float16";
            case 2, 3 -> null;
            default -> "float32";
          };
      inputs.add(random.nextInt(30) == 0 ? null : new GraphSpec.Input(name, shape, dtype));
      names.add(name);
    }
    List<GraphSpec.Node> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String type = random.nextInt(15) == 0 ? "Bogus" : pick(random, TYPES);
      List<String> from = new ArrayList<>();
      int arity = random.nextInt(4);
      for (int a = 0; a < arity; a++) {
        // mostly earlier names; sometimes later ones (cycles), unknown ones, or nulls
        int r = random.nextInt(10);
        from.add(
            r == 0
                ? "n" + random.nextInt(size + 1)
                : r == 1 ? null : names.isEmpty() ? "x" : pick(random, names));
      }
      String id =
          random.nextInt(25) == 0
              ? "Bad_Id"
              : random.nextInt(25) == 0 && i > 0 ? "n" + (i - 1) : "n" + i;
      nodes.add(
          random.nextInt(40) == 0
              ? null
              : new GraphSpec.Node(
                  id,
                  type,
                  random.nextInt(30) == 0 ? null : from,
                  randomParams(random, LayerCatalog.find(type))));
      names.add(id);
    }
    List<String> outputs = new ArrayList<>();
    for (int o = 0; o < random.nextInt(3) && !names.isEmpty(); o++) {
      outputs.add(pick(random, names));
    }
    return new GraphSpec(
        null,
        random.nextInt(30) == 0 ? null : inputs,
        random.nextInt(30) == 0 ? null : nodes,
        outputs);
  }

  private static Map<String, Object> randomParams(Random random, LayerType type) {
    if (random.nextInt(10) == 0) {
      return null;
    }
    Map<String, Object> params = new HashMap<>();
    List<String> keys = type == null ? List.of("k") : new ArrayList<>(type.paramKeys());
    for (String key : keys) {
      if (random.nextBoolean()) {
        params.put(key, pick(random, VALUES));
      }
    }
    if (random.nextInt(10) == 0) {
      params.put("unknownKey", 1);
    }
    return params;
  }

  private static <T> T pick(Random random, List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
