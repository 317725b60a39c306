package io.neuralforge.diagram;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads a drawn SVG back as its boxes and edges, through the JDK's XML parser. */
record SvgReading(double width, double height, List<BoxElement> boxes, List<EdgeElement> edges) {

  record BoxElement(
      String id, String cssClass, String name, String error, String text, Rect rect, Element g) {}

  record EdgeElement(String from, String to, String shape, String label) {}

  record Rect(double x, double y, double width, double height, String style) {
    boolean overlaps(Rect o) {
      return x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height;
    }
  }

  static SvgReading of(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc =
        factory
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    Element root = doc.getDocumentElement();
    String[] viewBox = root.getAttribute("viewBox").trim().split("\\s+");
    List<BoxElement> boxes = new ArrayList<>();
    List<EdgeElement> edges = new ArrayList<>();
    NodeList groups = doc.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      String cssClass = g.getAttribute("class");
      List<String> classes = List.of(cssClass.split(" "));
      if (classes.contains("node") || classes.contains("input")) {
        Element r = (Element) g.getElementsByTagName("rect").item(0);
        boxes.add(
            new BoxElement(
                g.getAttribute("id"),
                cssClass,
                g.getAttribute("data-id"),
                g.getAttribute("data-error"),
                g.getTextContent(),
                new Rect(
                    Double.parseDouble(r.getAttribute("x")),
                    Double.parseDouble(r.getAttribute("y")),
                    Double.parseDouble(r.getAttribute("width")),
                    Double.parseDouble(r.getAttribute("height")),
                    r.getAttribute("style")),
                g));
      } else if (classes.contains("edge")) {
        edges.add(
            new EdgeElement(
                g.getAttribute("data-from"),
                g.getAttribute("data-to"),
                g.getAttribute("data-shape"),
                g.getElementsByTagName("text").item(0).getTextContent()));
      }
    }
    return new SvgReading(
        Double.parseDouble(viewBox[2]), Double.parseDouble(viewBox[3]), boxes, edges);
  }
}
