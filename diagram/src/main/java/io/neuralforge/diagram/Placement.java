package io.neuralforge.diagram;

import io.neuralforge.diagram.Diagram.Box;
import io.neuralforge.diagram.Diagram.Edge;
import io.neuralforge.diagram.Diagram.Line;
import java.util.List;

/** A laid-out diagram: every box and edge at its place, in one coordinate system from (0, 0). */
record Placement(
    double width, double height, List<Line> header, List<PlacedBox> boxes, List<PlacedEdge> edges) {

  record PlacedBox(Box box, double x, double y, double width, double height) {}

  /** An edge's route from its source box to its target box, and its label's top-left corner. */
  record PlacedEdge(Edge edge, List<Point> route, double labelX, double labelY) {}

  record Point(double x, double y) {}
}
