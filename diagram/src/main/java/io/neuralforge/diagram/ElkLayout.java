package io.neuralforge.diagram;

import io.neuralforge.diagram.Diagram.Box;
import io.neuralforge.diagram.Diagram.Edge;
import io.neuralforge.diagram.Diagram.Line;
import io.neuralforge.diagram.Placement.PlacedBox;
import io.neuralforge.diagram.Placement.PlacedEdge;
import io.neuralforge.diagram.Placement.Point;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.elk.alg.layered.options.FixedAlignment;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.alg.layered.options.OrderingStrategy;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Places a diagram with the Eclipse Layout Kernel's layered algorithm, top to bottom, edges routed
 * orthogonally with their shape labels on them. ELK runs as a plain library: the layered
 * algorithm's meta data is registered here once, no Eclipse or OSGi. Its one random choice has a
 * fixed seed, so the same diagram always gets the same places.
 */
final class ElkLayout {
  static {
    LayoutMetaDataService service = LayoutMetaDataService.getInstance();
    if (service.getAlgorithmData(LayeredOptions.ALGORITHM_ID) == null) {
      service.registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
    }
  }

  private ElkLayout() {}

  static Placement place(Diagram diagram) {
    ElkNode root = ElkGraphUtil.createGraph();
    root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
    root.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
    root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
    root.setProperty(CoreOptions.RANDOM_SEED, 1);
    root.setProperty(CoreOptions.PADDING, new ElkPadding(Style.MARGIN));
    root.setProperty(CoreOptions.SPACING_NODE_NODE, 28.0);
    root.setProperty(CoreOptions.SPACING_EDGE_NODE, 14.0);
    root.setProperty(CoreOptions.SPACING_EDGE_EDGE, 12.0);
    root.setProperty(CoreOptions.SPACING_EDGE_LABEL, 3.0);
    root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 22.0);
    root.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 12.0);
    root.setProperty(LayeredOptions.SPACING_EDGE_EDGE_BETWEEN_LAYERS, 10.0);
    // the spec's order decides left and right: the main path stays left, skips go round it
    root.setProperty(
        LayeredOptions.CONSIDER_MODEL_ORDER_STRATEGY, OrderingStrategy.NODES_AND_EDGES);
    root.setProperty(LayeredOptions.NODE_PLACEMENT_BK_FIXED_ALIGNMENT, FixedAlignment.BALANCED);

    Map<String, ElkNode> nodes = new HashMap<>();
    Map<ElkNode, Box> boxes = new HashMap<>();
    for (Box box : diagram.boxes()) {
      ElkNode node = ElkGraphUtil.createNode(root);
      node.setIdentifier(box.key());
      node.setDimensions(boxWidth(box), boxHeight(box));
      nodes.put(box.key(), node);
      boxes.put(node, box);
    }
    List<ElkEdge> edges = new ArrayList<>();
    for (Edge edge : diagram.edges()) {
      ElkEdge elkEdge = ElkGraphUtil.createSimpleEdge(nodes.get(edge.from()), nodes.get(edge.to()));
      ElkLabel label = ElkGraphUtil.createLabel(edge.shape(), elkEdge);
      label.setDimensions(labelWidth(edge.shape()), labelHeight());
      label.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
      label.setProperty(CoreOptions.EDGE_LABELS_INLINE, true);
      edges.add(elkEdge);
    }
    new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
    return collect(diagram, root, boxes, edges);
  }

  private static Placement collect(
      Diagram diagram, ElkNode root, Map<ElkNode, Box> boxes, List<ElkEdge> edges) {
    double top = headerHeight(diagram.header());
    List<PlacedBox> placedBoxes = new ArrayList<>();
    for (ElkNode node : root.getChildren()) {
      placedBoxes.add(
          new PlacedBox(
              boxes.get(node),
              round(node.getX()),
              round(node.getY() + top),
              round(node.getWidth()),
              round(node.getHeight())));
    }
    List<PlacedEdge> placedEdges = new ArrayList<>();
    for (int k = 0; k < edges.size(); k++) {
      ElkEdge edge = edges.get(k);
      List<Point> route = new ArrayList<>();
      if (!edge.getSections().isEmpty()) {
        ElkEdgeSection section = edge.getSections().get(0);
        route.add(new Point(round(section.getStartX()), round(section.getStartY() + top)));
        for (ElkBendPoint bend : section.getBendPoints()) {
          route.add(new Point(round(bend.getX()), round(bend.getY() + top)));
        }
        route.add(new Point(round(section.getEndX()), round(section.getEndY() + top)));
      }
      ElkLabel label = edge.getLabels().get(0);
      placedEdges.add(
          new PlacedEdge(
              diagram.edges().get(k), route, round(label.getX()), round(label.getY() + top)));
    }
    double width = Math.max(root.getWidth(), headerWidth(diagram.header()) + 2 * Style.MARGIN);
    return new Placement(
        Math.ceil(width),
        Math.ceil(root.getHeight() + top),
        diagram.header(),
        placedBoxes,
        placedEdges);
  }

  static double boxWidth(Box box) {
    double widest = 0;
    for (Line line : box.lines()) {
      widest = Math.max(widest, Style.width(line.text(), Style.size(line.style())));
    }
    return Math.ceil(Math.max(Style.MIN_BOX_WIDTH, widest + 2 * Style.PAD_X));
  }

  static double boxHeight(Box box) {
    double height = 2 * Style.PAD_Y;
    for (Line line : box.lines()) {
      height += Style.lineHeight(line.style());
    }
    return Math.ceil(height);
  }

  static double labelWidth(String text) {
    return Math.ceil(Style.width(text, Style.LABEL_SIZE) + 2 * Style.LABEL_PAD);
  }

  static double labelHeight() {
    return Math.ceil(Style.LABEL_SIZE * 1.35);
  }

  private static double headerHeight(List<Line> header) {
    double height = Style.MARGIN;
    for (Line line : header) {
      height += Style.lineHeight(line.style());
    }
    return height;
  }

  private static double headerWidth(List<Line> header) {
    double widest = 0;
    for (Line line : header) {
      widest = Math.max(widest, Style.width(line.text(), Style.size(line.style())));
    }
    return widest;
  }

  /** Tenths of a pixel: enough for any screen, and short in the SVG. */
  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
