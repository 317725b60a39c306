package io.neuralforge.diagram;

import io.neuralforge.diagram.Diagram.Box;
import io.neuralforge.diagram.Diagram.Edge;
import io.neuralforge.diagram.Diagram.Kind;
import io.neuralforge.diagram.Diagram.Line;
import io.neuralforge.diagram.Placement.PlacedBox;
import io.neuralforge.diagram.Placement.PlacedEdge;
import io.neuralforge.diagram.Placement.Point;
import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * Draws a placed diagram on any Graphics2D: the same calls make the PNG and the SVG. On an SVG
 * canvas every box and edge also becomes a group whose attributes say what it shows:
 *
 * <ul>
 *   <li>{@code <g id="node-ID" class="node" data-id data-type data-error>}, {@code class="node
 *       output"} for a model output, {@code class="input"} for a model input, {@code class="node
 *       block" data-repeat data-nodes} for a folded block;
 *   <li>{@code <g class="edge" data-from data-to data-shape>} holding the route and a {@code
 *       <text>} with the shape.
 * </ul>
 */
final class Painter {
  private static final double ARROW = 7;

  private final Graphics2D g;
  private final boolean svg;

  private Painter(Graphics2D g) {
    this.g = g;
    this.svg = g instanceof SVGGraphics2D;
  }

  static void paint(Graphics2D g, Placement placement) {
    new Painter(g).paint(placement);
  }

  private void paint(Placement placement) {
    g.setPaint(Style.BACKGROUND);
    g.fill(new Rectangle2D.Double(0, 0, placement.width(), placement.height()));
    drawHeader(placement.header());
    for (PlacedEdge edge : placement.edges()) {
      drawEdge(edge);
    }
    for (PlacedBox box : placement.boxes()) {
      drawBox(box);
    }
  }

  private void drawHeader(List<Line> header) {
    begin(Map.of("class", "header"));
    double y = Style.MARGIN;
    for (Line line : header) {
      y += Style.lineHeight(line.style());
      text(line, Style.MARGIN, y - Style.lineHeight(line.style()) * 0.3);
    }
    end();
  }

  private void drawEdge(PlacedEdge placed) {
    Edge edge = placed.edge();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("class", "edge");
    attributes.put("data-from", edge.fromName());
    attributes.put("data-to", edge.toName());
    attributes.put("data-shape", edge.shape());
    begin(attributes);
    List<Point> route = placed.route();
    if (route.size() >= 2) {
      Path2D.Double path = new Path2D.Double();
      path.moveTo(route.get(0).x(), route.get(0).y());
      for (int k = 1; k < route.size(); k++) {
        path.lineTo(route.get(k).x(), route.get(k).y());
      }
      g.setPaint(Style.EDGE);
      g.setStroke(new BasicStroke(1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
      g.draw(path);
      g.fill(arrowHead(route.get(route.size() - 2), route.get(route.size() - 1)));
    }
    double width = ElkLayout.labelWidth(edge.shape());
    double height = ElkLayout.labelHeight();
    g.setPaint(Style.BACKGROUND);
    g.fill(new Rectangle2D.Double(placed.labelX(), placed.labelY(), width, height));
    g.setPaint(Style.LABEL_TEXT);
    g.setFont(new java.awt.Font(Style.FAMILY, java.awt.Font.PLAIN, Style.LABEL_SIZE));
    g.drawString(
        edge.shape(),
        (float) (placed.labelX() + Style.LABEL_PAD),
        (float) (placed.labelY() + height - Style.LABEL_SIZE * 0.35));
    end();
  }

  /** A filled triangle pointing from {@code from} to {@code tip}, ending at the tip. */
  private static Path2D arrowHead(Point from, Point tip) {
    double dx = tip.x() - from.x();
    double dy = tip.y() - from.y();
    double length = Math.hypot(dx, dy);
    double ux = length == 0 ? 0 : dx / length;
    double uy = length == 0 ? 1 : dy / length;
    double baseX = tip.x() - ux * ARROW;
    double baseY = tip.y() - uy * ARROW;
    double half = ARROW * 0.45;
    Path2D.Double head = new Path2D.Double();
    head.moveTo(tip.x(), tip.y());
    head.lineTo(baseX - uy * half, baseY + ux * half);
    head.lineTo(baseX + uy * half, baseY - ux * half);
    head.closePath();
    return head;
  }

  private void drawBox(PlacedBox placed) {
    Box box = placed.box();
    begin(attributes(box));
    Rectangle2D.Double rect =
        new Rectangle2D.Double(placed.x(), placed.y(), placed.width(), placed.height());
    g.setPaint(Style.look(box).fill());
    g.fill(rect);
    g.setPaint(Style.look(box).stroke());
    g.setStroke(
        box.kind() == Kind.INPUT
            ? new BasicStroke(
                Style.strokeWidth(box),
                BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER,
                10f,
                new float[] {6f, 3f},
                0f)
            : new BasicStroke(Style.strokeWidth(box)));
    g.draw(rect);
    if (box.kind() == Kind.BLOCK) { // a second frame inside: a stack of equal blocks
      g.setStroke(new BasicStroke(1f));
      g.draw(
          new Rectangle2D.Double(
              placed.x() + 3, placed.y() + 3, placed.width() - 6, placed.height() - 6));
    }
    double y = placed.y() + Style.PAD_Y;
    double center = placed.x() + placed.width() / 2;
    for (Line line : box.lines()) {
      double lineHeight = Style.lineHeight(line.style());
      y += lineHeight;
      double width = Style.width(line.text(), Style.size(line.style()));
      text(line, center - width / 2, y - lineHeight * 0.3);
    }
    end();
  }

  private static Map<String, String> attributes(Box box) {
    Map<String, String> attributes = new LinkedHashMap<>();
    if (box.svgId() != null) {
      attributes.put("id", box.svgId());
    }
    attributes.put(
        "class",
        box.kind().cssClass + (box.output() ? " output" : "") + (box.invalid() ? " invalid" : ""));
    attributes.put("data-id", box.name());
    attributes.put("data-type", box.type());
    if (box.kind() == Kind.BLOCK) {
      attributes.put("data-repeat", Integer.toString(box.repeat()));
      attributes.put("data-nodes", String.join(" ", box.members()));
    }
    if (box.invalid()) {
      attributes.put("data-error", String.join("; ", box.errors()));
    }
    return attributes;
  }

  private void text(Line line, double x, double baseline) {
    g.setFont(Style.font(line.style()));
    g.setPaint(Style.color(line.style()));
    g.drawString(line.text(), (float) x, (float) baseline);
  }

  private void begin(Map<String, String> attributes) {
    if (svg) {
      g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, attributes);
    }
  }

  private void end() {
    if (svg) {
      g.setRenderingHint(SVGHints.KEY_END_GROUP, "");
    }
  }
}
