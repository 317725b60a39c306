package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The example manifests, mutated the ways hostile or careless input arrives (wrong types, huge and
 * negative numbers, deep nesting, deleted fields, dangling inputs, cycles, duplicate ids, broken
 * YAML), through {@code validate} and {@code render}: exit 0, 1 or 2 only, at most one line on
 * stderr, never a stack trace.
 */
class ManifestFuzzTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final int MUTANTS_PER_EXAMPLE = Integer.getInteger("neuralforge.fuzzMutants", 150);

  @TempDir Path dir;

  @BeforeAll
  static void loggingStarted() {
    // SLF4J starts here, before stderr is captured: anything it says at start never lands in the
    // first mutant's output. (The test classpath has one provider, slf4j-simple, as
    // bin/neuralforge.)
    LoggerFactory.getLogger(ManifestFuzzTest.class);
  }

  @Test
  void mutatedManifestsGetExitCodesZeroOneOrTwoAndOneLineErrors() throws IOException {
    Random random = new Random(Long.getLong("neuralforge.fuzzSeed", 1130L));
    Path examples = Path.of("..", "examples");
    List<String> failures = new ArrayList<>();
    int[] byExit = new int[4];
    int documents = 0;
    for (String kind : List.of("architectures", "trainingruns", "modelexports")) {
      for (Path example : list(examples.resolve(kind))) {
        String text = Files.readString(example);
        JsonNode original = Manifests.YAML_READER.readTree(text);
        for (int i = 0; i < MUTANTS_PER_EXAMPLE; i++) {
          String mutant =
              i % 5 == 4
                  ? brokenText(random, text)
                  : Manifests.toYaml(mutate(random, original.deepCopy(), kind));
          Path file = dir.resolve("mutant-" + documents++ + ".yaml");
          Files.writeString(file, mutant);
          CliRun run =
              kind.equals("architectures")
                  ? CliRun.of("validate", "-o", "json", file.toString())
                  : CliRun.of(
                      "render",
                      "-f",
                      file.toString(),
                      "--architecture",
                      examples.resolve("architectures/mlp-digits.yaml").toString());
          byExit[Math.min(run.exitCode(), 3)]++;
          String problem = problem(run);
          if (problem != null) {
            failures.add(problem + " for " + example.getFileName() + ":\n" + mutant);
          }
        }
      }
    }
    System.out.printf(
        "fuzzed %d documents: exit 0 %d, exit 1 %d, exit 2 %d, other %d%n",
        documents, byExit[0], byExit[1], byExit[2], byExit[3]);
    assertThat(failures).as("mutants the command line mishandled").isEmpty();
    assertThat(byExit[1] + byExit[2]).as("mutants refused").isPositive();
  }

  /** What is wrong with a run's exit and output; null when nothing. */
  private static String problem(CliRun run) {
    if (run.exitCode() < 0 || run.exitCode() > 2) {
      return "exit " + run.exitCode() + ": " + run.err();
    }
    String all = run.out() + run.err();
    if (all.contains("\tat ") || all.contains("Exception") || all.contains("`")) {
      return "a stack trace or Java words: " + run.err();
    }
    List<String> lines = run.err().lines().toList();
    if (lines.size() > 1) {
      return "more than one line on stderr: " + run.err();
    }
    if (run.exitCode() == 2 && (lines.isEmpty() || !lines.get(0).startsWith("neuralforge: "))) {
      return "exit 2 without a one-line error: " + run.err();
    }
    return null;
  }

  // ---- mutations

  private static JsonNode mutate(Random random, JsonNode doc, String kind) {
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      if (kind.equals("architectures") && random.nextInt(3) == 0) {
        graphMutation(random, (ObjectNode) doc);
      } else {
        List<Slot> slots = new ArrayList<>();
        slots(doc, slots);
        Slot slot = slots.get(random.nextInt(slots.size()));
        if (random.nextInt(5) == 0 && slot.parent() instanceof ObjectNode object) {
          object.remove(slot.key());
        } else {
          slot.set(hostileValue(random));
        }
      }
    }
    return doc;
  }

  /** Edges that break the graph rather than a value: dangling inputs, cycles, duplicate ids. */
  private static void graphMutation(Random random, ObjectNode doc) {
    JsonNode nodes = doc.path("spec").path("nodes");
    if (!(nodes instanceof ArrayNode list) || list.size() < 2) {
      return;
    }
    if (!(list.get(0) instanceof ObjectNode first)
        || !(list.get(1 + random.nextInt(list.size() - 1)) instanceof ObjectNode other)
        || !(doc.path("spec") instanceof ObjectNode spec)) {
      return; // an earlier mutation already replaced them
    }
    switch (random.nextInt(4)) {
      case 0 -> first.putArray("inputs").add("no-such-node");
      case 1 -> first.putArray("inputs").add(other.path("id").asText());
      case 2 -> other.put("id", first.path("id").asText());
      default -> spec.putArray("outputs").add("nowhere");
    }
  }

  private static JsonNode hostileValue(Random random) {
    return switch (random.nextInt(14)) {
      case 0 -> JSON.numberNode(BigInteger.ONE.shiftLeft(31));
      case 1 -> JSON.numberNode(BigInteger.ONE.shiftLeft(63));
      case 2 -> JSON.numberNode(new BigInteger("1" + "0".repeat(30)));
      case 3 -> JSON.numberNode(-1 - random.nextInt(5));
      case 4 -> JSON.numberNode(0);
      case 5 -> JSON.numberNode(2.5);
      case 6 -> JSON.textNode("x");
      case 7 -> JSON.textNode("");
      case 8 -> JSON.arrayNode().add(1).add(JSON.arrayNode().add(2));
      case 9 -> JSON.objectNode().set("a", JSON.objectNode().set("b", JSON.objectNode()));
      case 10 -> JSON.nullNode();
      case 11 -> JSON.booleanNode(true);
      case 12 -> deep(random.nextInt(200) + 20);
      default -> JSON.textNode("y".repeat(10_000));
    };
  }

  private static JsonNode deep(int depth) {
    JsonNode inner = JSON.numberNode(1);
    for (int i = 0; i < depth; i++) {
      inner = i % 2 == 0 ? JSON.arrayNode().add(inner) : JSON.objectNode().set("k", inner);
    }
    return inner;
  }

  /** Text that is not quite YAML: cut short, or with a stray character. */
  private static String brokenText(Random random, String text) {
    int at = random.nextInt(text.length());
    if (random.nextBoolean()) {
      return text.substring(0, at);
    }
    String stray =
        List.of(":", "[", "{", "\t", "- ", "\"", "&a", "*b", "!!int ").get(random.nextInt(9));
    return text.substring(0, at) + stray + text.substring(at);
  }

  /** A place in the document a value can be put: a field of an object or an item of a list. */
  private record Slot(JsonNode parent, String key, int index) {
    void set(JsonNode value) {
      if (parent instanceof ObjectNode object) {
        object.set(key, value);
      } else {
        ((ArrayNode) parent).set(index, value);
      }
    }
  }

  private static void slots(JsonNode node, List<Slot> into) {
    if (node instanceof ObjectNode object) {
      for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        into.add(new Slot(object, name, -1));
        slots(object.get(name), into);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        into.add(new Slot(array, null, i));
        slots(array.get(i), into);
      }
    }
  }

  private static List<Path> list(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
