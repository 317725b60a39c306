package io.neuralforge.cli;

import io.neuralforge.trainer.data.BuiltinDataset;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * An image file as a model's [C, H, W] input takes it: one channel (the gray value, or the
 * luminance of a colour image) or three (RGB), resized to H x W when it differs, pixels / 255 as
 * image datasets are loaded.
 */
final class ImageInput {
  private ImageInput() {}

  /** Reads {@code file}; a resize is said on {@code notes}. */
  static float[] read(Path file, int channels, int height, int width, PrintStream notes) {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read: " + e.getMessage());
    }
    if (image == null) {
      throw new UserInputException(file + ": not an image ImageIO reads (PNG, JPEG, BMP, GIF)");
    }
    float[] pixels = channelsFirst(image, channels);
    if (image.getWidth() == width && image.getHeight() == height) {
      return pixels;
    }
    notes.printf(
        "neuralforge: %s: %dx%d resized to %dx%d, the model's input%n",
        file, image.getWidth(), image.getHeight(), width, height);
    return resize(pixels, channels, image.getHeight(), image.getWidth(), height, width);
  }

  /** The pixels / 255, channels first; a gray image's values as stored, not colour-managed. */
  static float[] channelsFirst(BufferedImage image, int channels) {
    int h = image.getHeight(), w = image.getWidth();
    float[] out = new float[channels * h * w];
    Raster raster = image.getRaster();
    boolean gray = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    float levels = (1 << image.getColorModel().getComponentSize(0)) - 1;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int at = y * w + x;
        if (gray) {
          float v = raster.getSample(x, y, 0) / levels;
          for (int c = 0; c < channels; c++) {
            out[c * h * w + at] = v;
          }
          continue;
        }
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        if (channels == 1) {
          out[at] = Math.round(0.299 * r + 0.587 * g + 0.114 * b) / BuiltinDataset.PIXEL_LEVELS;
        } else {
          out[at] = r / BuiltinDataset.PIXEL_LEVELS;
          out[h * w + at] = g / BuiltinDataset.PIXEL_LEVELS;
          out[2 * h * w + at] = b / BuiltinDataset.PIXEL_LEVELS;
        }
      }
    }
    return out;
  }

  /**
   * Each channel resized to {@code toH x toW}: a triangle (bilinear) filter widened by the scale
   * when shrinking, so that every source pixel counts (no aliasing on large reductions).
   */
  static float[] resize(float[] pixels, int channels, int fromH, int fromW, int toH, int toW) {
    float[] out = new float[channels * toH * toW];
    float[] rows = new float[fromH * toW];
    Weights across = new Weights(fromW, toW);
    Weights down = new Weights(fromH, toH);
    for (int c = 0; c < channels; c++) {
      int in = c * fromH * fromW;
      for (int y = 0; y < fromH; y++) {
        for (int x = 0; x < toW; x++) {
          rows[y * toW + x] = across.apply(pixels, in + y * fromW, 1, x);
        }
      }
      for (int y = 0; y < toH; y++) {
        for (int x = 0; x < toW; x++) {
          out[c * toH * toW + y * toW + x] = down.apply(rows, x, toW, y);
        }
      }
    }
    return out;
  }

  /** One axis's filter: for each output index, the source indices it reads and their weights. */
  private static final class Weights {
    final int[] first;
    final float[][] weights;

    Weights(int from, int to) {
      double scale = (double) from / to;
      double support = Math.max(scale, 1.0);
      first = new int[to];
      weights = new float[to][];
      for (int i = 0; i < to; i++) {
        double center = (i + 0.5) * scale;
        int lo = Math.max(0, (int) Math.floor(center - support));
        int hi = Math.min(from - 1, (int) Math.ceil(center + support));
        double[] w = new double[hi - lo + 1];
        double sum = 0;
        for (int j = lo; j <= hi; j++) {
          w[j - lo] = Math.max(0, 1 - Math.abs((j + 0.5 - center) / support));
          sum += w[j - lo];
        }
        first[i] = lo;
        weights[i] = new float[w.length];
        for (int j = 0; j < w.length; j++) {
          weights[i][j] = (float) (w[j] / sum);
        }
      }
    }

    /** Output {@code i} from the values at {@code offset + k * stride}. */
    float apply(float[] values, int offset, int stride, int i) {
      float v = 0;
      for (int j = 0; j < weights[i].length; j++) {
        v += weights[i][j] * values[offset + (first[i] + j) * stride];
      }
      return v;
    }
  }
}
