package io.neuralforge.diagram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The words in a box: a node's parameters in short, counts, and lines wrapped to a width. */
final class NodeText {
  /** Box text wraps at this many characters, so that no box grows wider than a few columns. */
  static final int WIDTH = 40;

  /** Error text is kept to this many lines per box; the rest is cut with an ellipsis. */
  static final int ERROR_LINES = 4;

  /**
   * The keys that say most about a layer, first, and how they are shortened; other keys follow
   * under their own names, alphabetically.
   */
  private static final Map<String, String> SHORT =
      ordered(
          "outChannels", "out",
          "outFeatures", "out",
          "numEmbeddings", "vocab",
          "embeddingDim", "dim",
          "hiddenSize", "hidden",
          "numLayers", "layers",
          "numHeads", "heads",
          "dimFeedforward", "ff",
          "kernelSize", "k",
          "stride", "s",
          "padding", "pad",
          "dilation", "dil",
          "groups", "groups",
          "outputSize", "size",
          "scaleFactor", "scale",
          "p", "p",
          "dropout", "dropout",
          "bidirectional", "bidir",
          "bias", "bias");

  private NodeText() {}

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /** The params as written, e.g. {@code out=64 k=7 s=2 pad=3 bias=false}; empty when none. */
  static String params(Map<String, Object> params) {
    if (params == null || params.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, String> known : SHORT.entrySet()) {
      if (params.containsKey(known.getKey())) {
        parts.add(known.getValue() + "=" + value(params.get(known.getKey())));
      }
    }
    Map<String, Object> rest = new TreeMap<>();
    params.forEach(
        (k, v) -> {
          if (k != null && !SHORT.containsKey(k)) {
            rest.put(k, v);
          }
        });
    rest.forEach((k, v) -> parts.add(k + "=" + value(v)));
    return String.join(" ", parts);
  }

  private static String value(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(v);
  }

  /** {@code 1,234,567 params}; empty for none or unknown. */
  static String parameters(Long count) {
    return count == null || count == 0 ? "" : String.format(Locale.ROOT, "%,d params", count);
  }

  /** A shape as the validator reports it, {@code [64, 56, 56]}; {@code ?} when not inferred. */
  static String shape(List<Integer> shape) {
    return shape == null ? "?" : shape.toString();
  }

  /** Splits text at spaces into lines of at most {@code width} characters (longer words split). */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.trim().split("\\s+")) {
      while (word.length() > width) {
        if (line.length() > 0) {
          lines.add(line.toString());
          line.setLength(0);
        }
        lines.add(word.substring(0, width));
        word = word.substring(width);
      }
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (!word.isEmpty()) {
        line.append(line.length() > 0 ? " " : "").append(word);
      }
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  /** At most {@code max} lines, the last ending in an ellipsis when some were cut. */
  static List<String> limit(List<String> lines, int max) {
    if (lines.size() <= max) {
      return lines;
    }
    List<String> kept = new ArrayList<>(lines.subList(0, max));
    String last = kept.get(max - 1);
    kept.set(max - 1, (last.length() >= WIDTH ? last.substring(0, WIDTH - 1) : last) + "…");
    return kept;
  }
}
