package io.neuralforge.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sha256:} and the hex digest of the spec's canonical JSON, with nodes ordered by id and
 * params as written, so node order and key order do not change the hash but any edit does.
 */
public final class GraphHash {
  private GraphHash() {}

  public static String of(GraphSpec spec) {
    return "sha256:" + sha256(canonicalJson(spec));
  }

  static String canonicalJson(GraphSpec spec) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("description", spec.description());
    if (spec.inputs() != null) {
      List<Object> inputs = new ArrayList<>();
      for (GraphSpec.Input in : spec.inputs()) {
        inputs.add(in == null ? null : inputTree(in));
      }
      tree.put("inputs", inputs);
    }
    if (spec.nodes() != null) {
      List<GraphSpec.Node> sorted = new ArrayList<>(spec.nodes());
      sorted.sort(Comparator.nullsFirst(Comparator.comparing(GraphSpec.Node::id, Comparator.nullsFirst(Comparator.naturalOrder()))));
      List<Object> nodes = new ArrayList<>();
      for (GraphSpec.Node node : sorted) {
        nodes.add(node == null ? null : nodeTree(node));
      }
      tree.put("nodes", nodes);
    }
    tree.put("outputs", spec.outputs());
    return CanonicalJson.write(tree);
  }

  private static Map<String, Object> inputTree(GraphSpec.Input in) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", in.name());
    m.put("shape", in.shape());
    m.put("dtype", in.dtype());
    return m;
  }

  private static Map<String, Object> nodeTree(GraphSpec.Node node) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", node.id());
    m.put("type", node.type());
    m.put("inputs", node.inputs());
    m.put("params", node.params());
    return m;
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
