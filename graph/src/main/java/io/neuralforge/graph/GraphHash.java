package io.neuralforge.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code sha256:} and the hex digest of the spec's canonical JSON, with nodes ordered by id and
 * params as written, so node order and key order do not change the hash but any edit does.
 */
public final class GraphHash {
  private static final Comparator<GraphSpec.Node> BY_ID =
      Comparator.nullsFirst(
          Comparator.comparing(
              GraphSpec.Node::id, Comparator.nullsFirst(Comparator.naturalOrder())));

  private GraphHash() {}

  public static String of(GraphSpec spec) {
    return "sha256:" + sha256(canonicalJson(spec));
  }

  /** The spec as canonical JSON; members in sorted order, written directly for speed. */
  static String canonicalJson(GraphSpec spec) {
    CanonicalJson.Writer out = new CanonicalJson.Writer();
    out.beginObject();
    out.member("description", spec.description());
    if (spec.inputs() != null) {
      out.name("inputs").beginArray();
      for (GraphSpec.Input in : spec.inputs()) {
        out.element();
        if (in == null) {
          out.value(null);
          continue;
        }
        out.beginObject()
            .member("dtype", in.dtype())
            .member("name", in.name())
            .member("shape", in.shape())
            .endObject();
      }
      out.endArray();
    }
    if (spec.nodes() != null) {
      List<GraphSpec.Node> sorted = new ArrayList<>(spec.nodes());
      sorted.sort(BY_ID);
      out.name("nodes").beginArray();
      for (GraphSpec.Node node : sorted) {
        out.element();
        if (node == null) {
          out.value(null);
          continue;
        }
        out.beginObject()
            .member("id", node.id())
            .member("inputs", node.inputs())
            .member("params", node.params())
            .member("type", node.type())
            .endObject();
      }
      out.endArray();
    }
    out.member("outputs", spec.outputs());
    out.endObject();
    return out.toString();
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
