package io.neuralforge.trainer.run;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * confusion.png: a classifier's confusion matrix, true classes down, predictions across, each cell
 * shaded by its share of the true class (its row) with its count written in, a colour scale beside.
 * With many classes the labels thin out and counts that no longer fit are left out.
 */
public final class ConfusionChart {
  public static final int WIDTH = 900;
  public static final int HEIGHT = 900;

  private static final String FONT = "DejaVu Sans";
  private static final int MARGIN = 20;
  private static final int HEADER = 76;
  private static final int MAX_LABEL = 150;
  private static final int SCALE_WIDTH = 18;
  private static final Color TEXT = new Color(0x222222);
  private static final Color GRID = new Color(0xdddddd);
  private static final Color ZERO = new Color(0xb0b0b0);

  /** The shading, light to dark, as a share goes from 0 to 1. */
  private static final Color[] SHADES = {
    new Color(0xf7fbff),
    new Color(0xc6dbef),
    new Color(0x6baed6),
    new Color(0x2171b5),
    new Color(0x08306b)
  };

  private ConfusionChart() {}

  /**
   * @param names the classes' names by index; indices stand in when they do not name every class
   * @param epoch the epoch whose model the matrix judged
   */
  public static void write(
      String title, ConfusionMatrix matrix, List<String> names, int epoch, Path png)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      header(g, title, matrix, epoch);
      draw(g, matrix, labels(names, matrix.classes()));
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", png.toFile());
  }

  static List<String> labels(List<String> names, int classes) {
    if (names != null && names.size() == classes) {
      return names;
    }
    List<String> indices = new ArrayList<>(classes);
    for (int c = 0; c < classes; c++) {
      indices.add(Integer.toString(c));
    }
    return indices;
  }

  private static void header(Graphics2D g, String title, ConfusionMatrix matrix, int epoch) {
    g.setColor(TEXT);
    g.setFont(new Font(FONT, Font.BOLD, 18));
    centered(g, title, WIDTH / 2, 30);
    g.setFont(new Font(FONT, Font.PLAIN, 13));
    long total = matrix.total();
    String figures =
        String.format(
            Locale.ROOT,
            "validation split, epoch %d's model (the one kept): %d of %d right (%.1f%%)",
            epoch,
            matrix.correct(),
            total,
            total == 0 ? 0.0 : 100.0 * matrix.correct() / total);
    centered(g, figures, WIDTH / 2, 52);
    centered(g, "rows: true class, shaded by each cell's share of its row", WIDTH / 2, 70);
  }

  /** Where the matrix goes: its corner, its cells' size, and the labels' room. */
  private record Layout(int left, int top, double cell, int labelStep, boolean upright) {
    int size(int classes) {
      return (int) Math.round(cell * classes);
    }
  }

  private static Layout layout(Graphics2D g, List<String> labels) {
    g.setFont(labelFont(labels.size()));
    FontMetrics fm = g.getFontMetrics();
    int widest = 0;
    for (String label : labels) {
      widest = Math.max(widest, fm.stringWidth(label));
    }
    int room = Math.min(widest, MAX_LABEL) + 8;
    int left = MARGIN + 22 + room;
    int top = HEADER + 12;
    int rightRoom = MARGIN + SCALE_WIDTH + 84;
    int n = labels.size();
    int side = Math.min(WIDTH - left - rightRoom, HEIGHT - top - MARGIN - 22 - room);
    double cell = side / (double) n;
    boolean upright = widest + 4 <= cell; // column labels fit across their cells
    if (upright) {
      side = Math.min(WIDTH - left - rightRoom, HEIGHT - top - MARGIN - 22 - fm.getHeight());
      cell = side / (double) n;
    }
    int step = (int) Math.ceil(fm.getHeight() / cell);
    return new Layout(left, top, cell, Math.max(1, step), upright);
  }

  private static void draw(Graphics2D g, ConfusionMatrix matrix, List<String> labels) {
    Layout at = layout(g, labels);
    int n = matrix.classes();
    for (int actual = 0; actual < n; actual++) {
      long row = matrix.actualTotal(actual);
      for (int predicted = 0; predicted < n; predicted++) {
        long count = matrix.count(actual, predicted);
        cell(g, at, actual, predicted, count, row == 0 ? 0 : (double) count / row);
      }
    }
    int size = at.size(n);
    if (at.cell() >= 12) {
      g.setColor(GRID);
      g.setStroke(new BasicStroke(1f));
      for (int i = 1; i < n; i++) {
        int p = (int) Math.round(i * at.cell());
        g.drawLine(at.left() + p, at.top(), at.left() + p, at.top() + size);
        g.drawLine(at.left(), at.top() + p, at.left() + size, at.top() + p);
      }
    }
    g.setColor(TEXT);
    g.drawRect(at.left(), at.top(), size, size);
    axes(g, at, labels);
    scale(g, at.left() + size + 24, at.top(), size);
  }

  private static void cell(
      Graphics2D g, Layout at, int actual, int predicted, long count, double share) {
    int x0 = at.left() + (int) Math.round(predicted * at.cell());
    int y0 = at.top() + (int) Math.round(actual * at.cell());
    int x1 = at.left() + (int) Math.round((predicted + 1) * at.cell());
    int y1 = at.top() + (int) Math.round((actual + 1) * at.cell());
    g.setColor(shade(share));
    g.fillRect(x0, y0, x1 - x0, y1 - y0);
    String text = Long.toString(count);
    float size = (float) Math.min(16, at.cell() * 0.36);
    g.setFont(new Font(FONT, Font.PLAIN, 12).deriveFont(size));
    FontMetrics fm = g.getFontMetrics();
    while (size >= 7 && fm.stringWidth(text) > (x1 - x0) * 0.9) {
      size -= 1;
      g.setFont(g.getFont().deriveFont(size));
      fm = g.getFontMetrics();
    }
    if (size < 7) {
      return; // too small to read: the shading says it
    }
    g.setColor(count == 0 ? ZERO : share > 0.5 ? Color.WHITE : TEXT);
    g.drawString(
        text,
        (x0 + x1 - fm.stringWidth(text)) / 2f,
        (y0 + y1) / 2f + (fm.getAscent() - fm.getDescent()) / 2f);
  }

  private static void axes(Graphics2D g, Layout at, List<String> labels) {
    g.setFont(labelFont(labels.size()));
    FontMetrics fm = g.getFontMetrics();
    g.setColor(TEXT);
    int n = labels.size();
    int size = at.size(n);
    int labelBottom = at.top() + size;
    for (int c = 0; c < n; c += at.labelStep()) {
      String label = fitted(fm, labels.get(c));
      double middle = (c + 0.5) * at.cell();
      float baseline = (float) (at.top() + middle + (fm.getAscent() - fm.getDescent()) / 2.0);
      g.drawString(label, at.left() - 6 - fm.stringWidth(label), baseline);
      if (at.upright()) {
        centered(
            g, label, (int) Math.round(at.left() + middle), at.top() + size + 4 + fm.getAscent());
        labelBottom = Math.max(labelBottom, at.top() + size + 4 + fm.getHeight());
      } else {
        AffineTransform saved = g.getTransform();
        g.translate(
            at.left() + middle + (fm.getAscent() - fm.getDescent()) / 2.0, at.top() + size + 6);
        g.rotate(-Math.PI / 2);
        g.drawString(label, -fm.stringWidth(label), 0);
        g.setTransform(saved);
        labelBottom = Math.max(labelBottom, at.top() + size + 6 + fm.stringWidth(label));
      }
    }
    g.setFont(new Font(FONT, Font.BOLD, 13));
    centered(g, "predicted class", at.left() + size / 2, labelBottom + 20);
    AffineTransform saved = g.getTransform();
    g.translate(MARGIN + 12, at.top() + size / 2.0);
    g.rotate(-Math.PI / 2);
    centered(g, "true class", 0, 0);
    g.setTransform(saved);
  }

  /** The colour scale: a bar from 0% (bottom) to 100% of the true class, ticks every 25%. */
  private static void scale(Graphics2D g, int x, int top, int height) {
    for (int y = 0; y < height; y++) {
      g.setColor(shade(1 - y / (double) (height - 1)));
      g.drawLine(x, top + y, x + SCALE_WIDTH, top + y);
    }
    g.setColor(TEXT);
    g.drawRect(x, top, SCALE_WIDTH, height);
    g.setFont(new Font(FONT, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    for (int pct = 0; pct <= 100; pct += 25) {
      int y = top + (int) Math.round(height * (1 - pct / 100.0));
      g.drawLine(x + SCALE_WIDTH, y, x + SCALE_WIDTH + 4, y);
      g.drawString(pct + "%", x + SCALE_WIDTH + 7, y + (fm.getAscent() - fm.getDescent()) / 2);
    }
    AffineTransform saved = g.getTransform();
    g.translate(x + SCALE_WIDTH + 56, top + height / 2.0);
    g.rotate(Math.PI / 2);
    g.setFont(new Font(FONT, Font.PLAIN, 12));
    centered(g, "share of the true class", 0, 0);
    g.setTransform(saved);
  }

  /** The class labels' font: larger where few classes leave room. */
  private static Font labelFont(int classes) {
    return new Font(FONT, Font.PLAIN, classes <= 20 ? 14 : 12);
  }

  /** The shade of a share in [0, 1], between the stops of {@link #SHADES}. */
  static Color shade(double share) {
    double s = Math.max(0, Math.min(1, share)) * (SHADES.length - 1);
    int i = Math.min((int) s, SHADES.length - 2);
    double f = s - i;
    Color a = SHADES[i];
    Color b = SHADES[i + 1];
    return new Color(
        (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
  }

  /** {@code label}, cut with an ellipsis to at most {@link #MAX_LABEL} pixels. */
  private static String fitted(FontMetrics fm, String label) {
    if (fm.stringWidth(label) <= MAX_LABEL) {
      return label;
    }
    String cut = label;
    while (cut.length() > 1 && fm.stringWidth(cut + "…") > MAX_LABEL) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "…";
  }

  private static void centered(Graphics2D g, String text, int x, int baseline) {
    g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2f, baseline);
  }
}
