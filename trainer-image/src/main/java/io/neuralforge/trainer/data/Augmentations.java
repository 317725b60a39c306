package io.neuralforge.trainer.data;

import io.neuralforge.graph.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The dataset's augmentations, applied on the fly to one sample at a time (channels first):
 * RandomHorizontalFlip (p, default 0.5) and RandomCrop (padding, default 0; the crop keeps the
 * sample's size) only while training; Normalize (mean, std: one value or one per channel) always,
 * so validation and test see what training saw. With per-pixel labels (segmentation) the flip and
 * the crop move the mask with the image.
 */
public final class Augmentations {
  private final List<Step> steps;

  private interface Step {
    boolean trainingOnly();

    /** Transforms the sample at {@code offset}, and its [H, W] mask at {@code maskOffset}. */
    void apply(float[] sample, int offset, int[] mask, int maskOffset, Random random);
  }

  private Augmentations(List<Step> steps) {
    this.steps = steps;
  }

  public static Augmentations none() {
    return new Augmentations(List.of());
  }

  /** Parses the list as written in the TrainingRun; a bad entry is a {@link DatasetException}. */
  public static Augmentations parse(List<Map<String, Object>> specs, Shape sample) {
    List<Step> steps = new ArrayList<>();
    if (specs == null) {
      return none();
    }
    for (int i = 0; i < specs.size(); i++) {
      Map<String, Object> spec = specs.get(i);
      String where = "dataset.augmentations[" + i + "]";
      Object type = spec == null ? null : spec.get("type");
      steps.add(
          switch (String.valueOf(type)) {
            case "RandomHorizontalFlip" ->
                flip(image(sample, where), number(spec, "p", 0.5, where));
            case "RandomCrop" ->
                crop(image(sample, where), (int) number(spec, "padding", 0, where));
            case "Normalize" -> normalize(sample, spec, where);
            default ->
                throw new DatasetException(
                    where
                        + ".type must be RandomHorizontalFlip, RandomCrop or Normalize, got "
                        + type);
          });
    }
    return new Augmentations(steps);
  }

  /** Applies every step to the sample at {@code offset}; random steps only when training. */
  public void apply(float[] samples, int offset, boolean training, Random random) {
    apply(samples, offset, null, 0, training, random);
  }

  /** As {@link #apply(float[], int, boolean, Random)}, moving the sample's mask (when not null). */
  public void apply(
      float[] samples, int offset, int[] masks, int maskOffset, boolean training, Random random) {
    for (Step step : steps) {
      if (training || !step.trainingOnly()) {
        step.apply(samples, offset, masks, maskOffset, random);
      }
    }
  }

  private static Shape image(Shape sample, String where) {
    if (sample.rank() != 3) {
      throw new DatasetException(
          where + " needs image samples [C, H, W], the model input is " + sample);
    }
    return sample;
  }

  private static double number(
      Map<String, Object> spec, String key, double fallback, String where) {
    Object v = spec.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n) || n.doubleValue() < 0) {
      throw new DatasetException(where + "." + key + " must be a non-negative number, got " + v);
    }
    return n.doubleValue();
  }

  private static Step flip(Shape s, double p) {
    int c = s.dim(0), h = s.dim(1), w = s.dim(2);
    return new Step() {
      public boolean trainingOnly() {
        return true;
      }

      public void apply(float[] x, int offset, int[] mask, int maskOffset, Random random) {
        if (random.nextDouble() >= p) {
          return;
        }
        for (int row = 0; row < c * h; row++) {
          int start = offset + row * w;
          for (int i = 0, j = w - 1; i < j; i++, j--) {
            float t = x[start + i];
            x[start + i] = x[start + j];
            x[start + j] = t;
          }
        }
        for (int row = 0; mask != null && row < h; row++) {
          int start = maskOffset + row * w;
          for (int i = 0, j = w - 1; i < j; i++, j--) {
            int t = mask[start + i];
            mask[start + i] = mask[start + j];
            mask[start + j] = t;
          }
        }
      }
    };
  }

  /**
   * Zero-pads by {@code padding} on every side, then takes a random window of the original size; a
   * mask is shifted alike, its padding labelled 0 (background).
   */
  private static Step crop(Shape s, int padding) {
    int c = s.dim(0), h = s.dim(1), w = s.dim(2);
    return new Step() {
      public boolean trainingOnly() {
        return true;
      }

      public void apply(float[] x, int offset, int[] mask, int maskOffset, Random random) {
        int dy = random.nextInt(2 * padding + 1) - padding;
        int dx = random.nextInt(2 * padding + 1) - padding;
        if (dx == 0 && dy == 0) {
          return;
        }
        float[] copy = new float[c * h * w];
        for (int ch = 0; ch < c; ch++) {
          for (int y = 0; y < h; y++) {
            int sy = y + dy;
            for (int xx = 0; xx < w; xx++) {
              int sx = xx + dx;
              boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
              copy[(ch * h + y) * w + xx] = inside ? x[offset + (ch * h + sy) * w + sx] : 0f;
            }
          }
        }
        System.arraycopy(copy, 0, x, offset, copy.length);
        if (mask != null) {
          int[] shifted = new int[h * w];
          for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
              int sy = y + dy, sx = xx + dx;
              boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
              shifted[y * w + xx] = inside ? mask[maskOffset + sy * w + sx] : 0;
            }
          }
          System.arraycopy(shifted, 0, mask, maskOffset, shifted.length);
        }
      }
    };
  }

  private static Step normalize(Shape s, Map<String, Object> spec, String where) {
    int channels = s.rank() > 1 ? s.dim(0) : 1;
    int perChannel = (int) (s.elements() / channels);
    float[] mean = perChannelValues(spec.get("mean"), channels, where + ".mean", 0f);
    float[] std = perChannelValues(spec.get("std"), channels, where + ".std", 1f);
    for (float v : std) {
      if (v <= 0) {
        throw new DatasetException(where + ".std values must be positive");
      }
    }
    return new Step() {
      public boolean trainingOnly() {
        return false;
      }

      public void apply(float[] x, int offset, int[] mask, int maskOffset, Random random) {
        for (int ch = 0; ch < channels; ch++) {
          for (int i = 0; i < perChannel; i++) {
            int at = offset + ch * perChannel + i;
            x[at] = (x[at] - mean[ch]) / std[ch];
          }
        }
      }
    };
  }

  private static float[] perChannelValues(Object raw, int channels, String where, float fallback) {
    float[] values = new float[channels];
    java.util.Arrays.fill(values, fallback);
    if (raw == null) {
      return values;
    }
    List<?> list = raw instanceof List<?> l ? l : List.of(raw);
    if (list.size() != 1 && list.size() != channels) {
      throw new DatasetException(where + " needs 1 or " + channels + " values, got " + list.size());
    }
    for (int ch = 0; ch < channels; ch++) {
      Object v = list.get(list.size() == 1 ? 0 : ch);
      if (!(v instanceof Number n)) {
        throw new DatasetException(where + " must hold numbers, got " + v);
      }
      values[ch] = n.floatValue();
    }
    return values;
  }
}
