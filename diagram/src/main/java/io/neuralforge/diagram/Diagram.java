package io.neuralforge.diagram;

import java.util.List;

/**
 * What a picture shows, before layout: boxes, the edges between them and a header. Built by {@link
 * DiagramBuilder}, placed by {@link ElkLayout}, drawn by {@link Painter}.
 *
 * @param header lines above the graph: the description, a summary, errors that concern no box
 * @param boxes model inputs, nodes and folded blocks, in the spec's order
 * @param edges one per distinct pair of boxes that data flows between
 */
record Diagram(List<Line> header, List<Box> boxes, List<Edge> edges) {

  /** What a box stands for; each kind has its own look and its own SVG class. */
  enum Kind {
    INPUT("input"),
    NODE("node"),
    BLOCK("node block");

    final String cssClass;

    Kind(String cssClass) {
      this.cssClass = cssClass;
    }
  }

  /** How a line of text is set: each style has its own font and colour. */
  enum TextStyle {
    TITLE,
    TYPE,
    BODY,
    OUTPUT,
    ERROR,
    HEADER
  }

  record Line(String text, TextStyle style) {}

  /**
   * One box.
   *
   * @param key unique among the boxes, what edges refer to
   * @param name the node id, model input name or the block's first node id, as the SVG reports it
   * @param svgId the SVG element id ({@code node-<id>}), or null where the name is not safe or
   *     unique
   * @param type the layer type; for a block, the types of one repetition joined by spaces
   * @param output whether the node is a model output
   * @param errors the validator's messages about this box; red when any
   * @param repeat how many times a block repeats; 1 for anything else
   * @param members the node ids a block folds, in order; empty for anything else
   */
  record Box(
      String key,
      Kind kind,
      String name,
      String svgId,
      String type,
      boolean output,
      List<Line> lines,
      List<String> errors,
      int repeat,
      List<String> members) {

    boolean invalid() {
      return !errors.isEmpty();
    }
  }

  /**
   * Data flowing from one box to another.
   *
   * @param shape the validator's per-sample shape of what flows, as it prints it, or {@code ?}
   */
  record Edge(String from, String to, String fromName, String toName, String shape) {}
}
