package io.neuralforge.diagram;

import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.ValidationResult;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Pictures of a layer graph as the validator sees it: one box per node with its type, params and
 * parameter count; edges labelled with the shape that flows along them; invalid nodes in red with
 * their errors. The same input always gives the same bytes.
 *
 * <p>With {@code collapse}, consecutive repeats of one block of nodes (a ResNet stage's identical
 * residual blocks, a stack of encoder layers) are drawn as one box marked ×N; see {@link Folding}.
 */
public final class Diagrams {
  /** The PNG is drawn at twice the SVG's size while it stays under this many pixels. */
  private static final long HIGH_RESOLUTION_PIXELS = 24_000_000L;

  /** No PNG side grows beyond this (Java2D's and most viewers' limit is near 32k). */
  private static final double MAX_PNG_SIDE = 30_000;

  /** The picture formats, by file name extension. */
  public enum Format {
    SVG,
    PNG;

    /** The format a file name's extension asks for ({@code .svg}, {@code .png}), or null. */
    public static Format ofFileName(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".svg")) {
        return SVG;
      }
      return lower.endsWith(".png") ? PNG : null;
    }
  }

  private Diagrams() {}

  /** The picture as an SVG document (UTF-8 text). */
  public static String svg(GraphSpec spec, ValidationResult result, boolean collapse) {
    Placement placement = place(spec, result, collapse);
    SVGGraphics2D g = new SVGGraphics2D(placement.width(), placement.height());
    g.setDefsKeyPrefix("nf"); // its default holds the clock, and the bytes must not change
    g.setFontFunction(family -> Style.SVG_FONTS);
    Painter.paint(g, placement);
    ViewBox viewBox = new ViewBox(0, 0, placement.width(), placement.height());
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + g.getSVGElement(null, true, viewBox, null, null)
        + "\n";
  }

  /** The picture as PNG bytes, at twice the SVG's scale where that stays a sensible size. */
  public static byte[] png(GraphSpec spec, ValidationResult result, boolean collapse) {
    Placement placement = place(spec, result, collapse);
    double scale = placement.width() * placement.height() * 4 <= HIGH_RESOLUTION_PIXELS ? 2.0 : 1.0;
    scale = Math.min(scale, MAX_PNG_SIDE / Math.max(placement.width(), placement.height()));
    int width = (int) Math.ceil(placement.width() * scale);
    int height = (int) Math.ceil(placement.height() * scale);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.scale(scale, scale);
      Painter.paint(g, placement);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a memory stream does not fail
    }
    return out.toByteArray();
  }

  /** The picture in the given format, as the bytes of a file. */
  public static byte[] render(
      GraphSpec spec, ValidationResult result, boolean collapse, Format format) {
    return format == Format.SVG
        ? svg(spec, result, collapse).getBytes(StandardCharsets.UTF_8)
        : png(spec, result, collapse);
  }

  private static Placement place(GraphSpec spec, ValidationResult result, boolean collapse) {
    return ElkLayout.place(DiagramBuilder.build(spec, result, collapse));
  }
}
