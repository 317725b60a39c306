package io.neuralforge.trainer.run;

import io.neuralforge.trainer.data.Augmentations;
import io.neuralforge.trainer.data.LabeledData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * The samples training feeds the network in an epoch, as the trainer makes them: the epoch's
 * shuffle of the training part, and each sample's augmentations drawn in that order from the
 * epoch's generator, both seeded by the run's seed. The training loop and {@code neuralforge
 * dataset preview} take both from here, so a preview shows what training sees.
 */
public final class EpochSamples {
  private EpochSamples() {}

  /** One sample as stored and as fed, channels first, with its label(s). */
  public record Sample(int index, float[] raw, float[] fed, int[] labels, int[] fedLabels) {}

  /** The order of the training part's samples in {@code epoch} (from 1). */
  public static int[] order(int count, long seed, int epoch) {
    return PreparedData.shuffled(count, new Random(seed * 31 + epoch));
  }

  /** The generator the epoch's augmentations draw from, sample after sample, in order. */
  public static Random augmentationDraws(long seed, int epoch) {
    return new Random(seed * 131 + epoch);
  }

  /**
   * The first {@code count} samples of {@code epoch} whose label {@code keep} accepts (for
   * per-pixel labels, any), raw and as fed: every sample before them is augmented too, as training
   * does, so the draws are the ones training makes.
   */
  public static List<Sample> first(
      LabeledData train,
      Augmentations augmentations,
      long seed,
      int epoch,
      int count,
      IntPredicate keep) {
    int size = (int) train.sampleShape().elements();
    int labelSize = (int) train.labelShape().elements();
    int[] order = order(train.count(), seed, epoch);
    Random draws = augmentationDraws(seed, epoch);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < order.length && samples.size() < count; i++) {
      int sample = order[i];
      float[] raw = new float[size];
      System.arraycopy(train.features(), sample * size, raw, 0, size);
      int[] labels = new int[labelSize];
      System.arraycopy(train.labels(), sample * labelSize, labels, 0, labelSize);
      float[] fed = raw.clone();
      int[] fedLabels = labels.clone();
      augmentations.apply(fed, 0, train.perPixel() ? fedLabels : null, 0, true, draws);
      if (train.perPixel() || keep.test(labels[0])) {
        samples.add(new Sample(sample, raw, fed, labels, fedLabels));
      }
    }
    return samples;
  }
}
