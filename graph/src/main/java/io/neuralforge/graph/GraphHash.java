package io.neuralforge.graph;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * {@code sha256:} and the hex digest of the spec's canonical JSON, with nodes ordered by id and
 * params as written, so node order and key order do not change the hash but any edit does.
 */
public final class GraphHash {
  private GraphHash() {}

  /** Null nodes first, then nodes without an id, then by id. */
  private static int byId(GraphSpec.Node a, GraphSpec.Node b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    String x = a.id();
    String y = b.id();
    if (x == null || y == null) {
      return x == null ? (y == null ? 0 : -1) : 1;
    }
    return x.compareTo(y);
  }

  public static String of(GraphSpec spec) {
    return "sha256:" + HexFormat.of().formatHex(canonicalJson(spec, sha256()).finish());
  }

  /** Writes the spec as canonical JSON, members in sorted order, into the digest. */
  static CanonicalJson.Writer canonicalJson(GraphSpec spec, MessageDigest digest) {
    CanonicalJson.Writer out = new CanonicalJson.Writer(digest);
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
      GraphSpec.Node[] sorted = spec.nodes().toArray(new GraphSpec.Node[0]);
      Arrays.sort(sorted, GraphHash::byId);
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
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
