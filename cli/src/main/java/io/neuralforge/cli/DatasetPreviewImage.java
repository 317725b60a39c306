package io.neuralforge.cli;

import io.neuralforge.graph.Shape;
import io.neuralforge.trainer.data.LabeledData;
import io.neuralforge.trainer.run.EpochSamples;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws a dataset preview: a grid of samples, each as stored beside as fed, its label below (a
 * segmentation mask laid over both in colour), and the training part's count per class on the
 * right. Images of [C, H, W] (1 or 3 channels) or [H, W]; each sample scaled up to at least 96
 * pixels, values shown as they are when within [0, 1], else stretched from their minimum to their
 * maximum (normalized samples).
 */
final class DatasetPreviewImage {
  private static final int MIN_SIDE = 96;
  private static final int GAP = 6;
  private static final int LABEL = 18;
  private static final int MARGIN = 16;
  private static final int TITLE = 40;
  private static final int COUNTS_WIDTH = 260;
  private static final Font TITLE_FONT = new Font("DejaVu Sans", Font.BOLD, 15);
  private static final Font TEXT = new Font("DejaVu Sans", Font.PLAIN, 12);
  private static final Color[] MASK =
      new Color[] {
        new Color(0, 0, 0, 0),
        new Color(230, 25, 75, 120),
        new Color(60, 180, 75, 120),
        new Color(0, 130, 200, 120),
        new Color(245, 130, 48, 120),
        new Color(145, 30, 180, 120),
        new Color(70, 240, 240, 120),
        new Color(240, 50, 230, 120)
      };

  private DatasetPreviewImage() {}

  /** Whether samples of {@code shape} are images this draws. */
  static boolean drawable(Shape shape) {
    int[] d = shape.dims();
    return d.length == 2 || d.length == 3 && (d[0] == 1 || d[0] == 3);
  }

  /**
   * @param classNames the classes' names by index, where the dataset has them (else indices show)
   */
  static void write(
      String title,
      LabeledData train,
      List<String> classNames,
      List<EpochSamples.Sample> samples,
      Path png)
      throws IOException {
    int[] d = train.sampleShape().dims();
    int height = d[d.length - 2];
    int width = d[d.length - 1];
    int channels = d.length == 3 ? d[0] : 1;
    int scale = Math.max(1, (MIN_SIDE + Math.max(height, width) - 1) / Math.max(height, width));
    int cellWidth = 2 * width * scale + GAP;
    int cellHeight = height * scale + LABEL;
    int columns = Math.max(1, (int) Math.ceil(Math.sqrt(samples.size())));
    int rows = Math.max(1, (samples.size() + columns - 1) / columns);
    int gridWidth = columns * (cellWidth + 2 * GAP);
    int[] counts = classCounts(train);
    int countsHeight = 22 + counts.length * 16;
    int imageWidth = MARGIN * 2 + gridWidth + COUNTS_WIDTH;
    int imageHeight =
        MARGIN * 2 + TITLE + Math.max(rows * (cellHeight + 2 * GAP) + 16, countsHeight);
    BufferedImage image = new BufferedImage(imageWidth, imageHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, imageWidth, imageHeight);
      g.setColor(Color.BLACK);
      g.setFont(TITLE_FONT);
      g.drawString(title, MARGIN, MARGIN + 16);
      g.setFont(TEXT);
      g.setColor(Color.DARK_GRAY);
      g.drawString("each sample: as stored | as fed to the network", MARGIN, MARGIN + 34);
      int top = MARGIN + TITLE;
      for (int i = 0; i < samples.size(); i++) {
        EpochSamples.Sample s = samples.get(i);
        int x = MARGIN + (i % columns) * (cellWidth + 2 * GAP) + GAP;
        int y = top + (i / columns) * (cellHeight + 2 * GAP) + GAP;
        BufferedImage stored =
            picture(s.raw(), channels, height, width, train.perPixel() ? s.labels() : null);
        BufferedImage fed =
            picture(s.fed(), channels, height, width, train.perPixel() ? s.fedLabels() : null);
        g.drawImage(stored, x, y, width * scale, height * scale, null);
        g.drawImage(fed, x + width * scale + GAP, y, width * scale, height * scale, null);
        g.setColor(Color.BLACK);
        g.drawString(
            train.perPixel()
                ? "sample " + s.index()
                : className(classNames, s.labels()[0]) + " · #" + s.index(),
            x,
            y + height * scale + 14);
      }
      drawCounts(g, counts, classNames, MARGIN + gridWidth + 12, top + 14);
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", png.toFile());
  }

  /** The training part's samples (classification) or pixels (segmentation) per class. */
  static int[] classCounts(LabeledData train) {
    int[] counts = new int[Math.max(1, train.classes())];
    for (int label : train.labels()) {
      if (label >= 0 && label < counts.length) {
        counts[label]++;
      }
    }
    return counts;
  }

  /** The class's name, or "class N" where the dataset names none. */
  static String className(List<String> names, int label) {
    return label >= 0 && label < names.size() ? names.get(label) : "class " + label;
  }

  private static void drawCounts(Graphics2D g, int[] counts, List<String> names, int x, int y) {
    int most = 1;
    for (int c : counts) {
      most = Math.max(most, c);
    }
    g.setColor(Color.BLACK);
    g.drawString("training part, per class", x, y);
    for (int i = 0; i < counts.length; i++) {
      int rowY = y + 18 + i * 16;
      g.setColor(Color.DARK_GRAY);
      g.drawString(i < names.size() ? names.get(i) : String.valueOf(i), x, rowY);
      g.setColor(new Color(31, 119, 180));
      g.fillRect(x + 90, rowY - 10, (int) Math.round(110.0 * counts[i] / most), 11);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.valueOf(counts[i]), x + 206, rowY);
    }
  }

  /** One sample as an image, one pixel per value; a mask (per-pixel labels) laid over it. */
  static BufferedImage picture(float[] values, int channels, int height, int width, int[] mask) {
    float low = Float.POSITIVE_INFINITY;
    float high = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
    boolean unit = low >= 0 && high <= 1;
    float from = unit ? 0 : low;
    float span = unit ? 1 : Math.max(high - low, 1e-6f);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    int plane = height * width;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = y * width + x;
        int r = level(values[p], from, span);
        int g = channels == 3 ? level(values[plane + p], from, span) : r;
        int b = channels == 3 ? level(values[2 * plane + p], from, span) : r;
        Color c = new Color(r, g, b);
        if (mask != null && mask[p] > 0) {
          c = blend(c, MASK[1 + (mask[p] - 1) % (MASK.length - 1)]);
        }
        image.setRGB(x, y, c.getRGB());
      }
    }
    return image;
  }

  private static int level(float v, float from, float span) {
    return Math.max(0, Math.min(255, Math.round((v - from) / span * 255)));
  }

  private static Color blend(Color base, Color over) {
    float a = over.getAlpha() / 255f;
    return new Color(
        Math.round(base.getRed() * (1 - a) + over.getRed() * a),
        Math.round(base.getGreen() * (1 - a) + over.getGreen() * a),
        Math.round(base.getBlue() * (1 - a) + over.getBlue() * a));
  }
}
