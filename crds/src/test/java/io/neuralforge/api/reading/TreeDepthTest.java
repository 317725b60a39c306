package io.neuralforge.api.reading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The depth walk: the right field named, in memory bounded by depth, whatever the width. */
class TreeDepthTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String LONG_KEY = "k".repeat(16 * 1024);

  /** {@code {"spec": {"nodes": [{"params": {key: value}}]}}}, as an Architecture holds it. */
  private static ObjectNode params(String key, JsonNode value) {
    ObjectNode root = JSON.objectNode();
    ObjectNode node = root.putObject("spec").putArray("nodes").addObject();
    node.putObject("params").set(key, value);
    return root;
  }

  private static ArrayNode zeros(int count) {
    ArrayNode zeros = JSON.arrayNode(count);
    for (int i = 0; i < count; i++) {
      zeros.add(0);
    }
    return zeros;
  }

  private static JsonNode nested(int levels) {
    JsonNode value = JSON.numberNode(1);
    for (int i = 0; i < levels; i++) {
      value = JSON.arrayNode().add(value);
    }
    return value;
  }

  @Test
  void aWideListUnderALongKeyIsShallow() {
    assertThat(TreeDepth.firstBeyond(params(LONG_KEY, zeros(100_000)), 64)).isNull();
  }

  @Test
  void aDeepValueIsNamedByItsFieldWithoutTheListIndices() {
    assertThat(TreeDepth.firstBeyond(params("extra", nested(9_990)), 64))
        .isEqualTo("spec.nodes[0].params.extra");
    assertThat(TreeDepth.firstBeyond(params("extra", nested(50)), 64))
        .as("within the limit")
        .isNull();
  }

  @Test
  void aDeepValueUnderALongKeyIsNamedInAHundredCharacters() {
    String name = TreeDepth.firstBeyond(params(LONG_KEY, nested(100)), 64);
    assertThat(name).hasSize(100).startsWith("spec.nodes[0].params.kkk").endsWith("...");
  }

  @Test
  void theFirstDeepFieldInDocumentOrderIsNamed() {
    ObjectNode root = params("wide", zeros(1_000));
    ObjectNode params = (ObjectNode) root.at("/spec/nodes/0/params");
    params.set("first", nested(70));
    params.set("second", nested(70));
    assertThat(TreeDepth.firstBeyond(root, 64)).isEqualTo("spec.nodes[0].params.first");
  }

  @Test
  void mapsAndListsAsTheClientHoldsThemAreWalkedAlike() {
    Object deep = 1;
    for (int i = 0; i < 200; i++) {
      deep = Collections.singletonList(deep);
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(LONG_KEY, Collections.nCopies(100_000, 0));
    params.put("extra", deep);
    Map<String, Object> node = Map.of("params", params);
    Map<String, Object> root = Map.of("spec", Map.of("nodes", List.of(node)));
    assertThat(TreeDepth.firstBeyond(root, 64)).isEqualTo("spec.nodes[0].params.extra");
  }

  /**
   * Building a path per child kept ~1.6 GB of strings alive for this value; the walk must answer in
   * a JVM of 64 MiB, where the value itself is a few hundred KiB.
   */
  @Test
  void theWideValueIsWalkedInASmallHeap() throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                SmallHeap.class.getName())
            .redirectErrorStream(true)
            .start();
    boolean ended = process.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ended).as("ended in time").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output.strip()).isEqualTo("shallow; spec.nodes[0].params.kkkk");
  }

  /** Walks the 316 KB value (as a tree and as the client's maps), then one nested under its key. */
  public static final class SmallHeap {
    public static void main(String[] args) throws IOException {
      ObjectNode wide = params(LONG_KEY, zeros(100_000));
      Object asMaps = new ObjectMapper().treeToValue(wide, Map.class);
      List<String> answers = new ArrayList<>();
      answers.add(
          TreeDepth.firstBeyond(wide, 64) == null && TreeDepth.firstBeyond(asMaps, 64) == null
              ? "shallow"
              : "deep");
      ArrayNode list = zeros(100_000);
      list.add(nested(100));
      answers.add(TreeDepth.firstBeyond(params(LONG_KEY, list), 64).substring(0, 25));
      System.out.println(String.join("; ", answers));
    }
  }
}
