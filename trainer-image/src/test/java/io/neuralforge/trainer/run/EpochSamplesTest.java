package io.neuralforge.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuralforge.graph.Shape;
import io.neuralforge.trainer.data.Augmentations;
import io.neuralforge.trainer.data.LabeledData;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What a preview shows is what the training loop feeds: the epoch's samples, in its order, with its
 * augmentation draws, value for value (the loop's batches come from {@link BatchProducer}).
 */
class EpochSamplesTest {
  private static final long SEED = 42;
  private static final Shape IMAGE = Shape.of(3, 8, 8);

  private static LabeledData images(int count) {
    SplittableRandom random = new SplittableRandom(7);
    float[] features = new float[count * (int) IMAGE.elements()];
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) random.nextDouble();
    }
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % 10;
    }
    return new LabeledData(IMAGE, features, labels, 10);
  }

  private static Augmentations everyKind() {
    return Augmentations.parse(
        List.of(
            Map.of("type", "RandomCrop", "padding", 2),
            Map.of("type", "RandomHorizontalFlip"),
            Map.of("type", "Normalize", "mean", List.of(0.5, 0.4, 0.3), "std", List.of(0.2))),
        IMAGE);
  }

  /** The training loop's first batches of {@code epoch}, samples one after another. */
  private static float[][] fedByTheLoop(LabeledData data, int epoch, int samples)
      throws InterruptedException {
    int size = (int) IMAGE.elements();
    float[][] fed = new float[samples][];
    int[] order = EpochSamples.order(data.count(), SEED, epoch);
    try (BatchProducer batches =
        new BatchProducer(
            data, order, 5, everyKind(), EpochSamples.augmentationDraws(SEED, epoch))) {
      int n = 0;
      for (BatchProducer.HostBatch b = batches.next();
          b != null && n < samples;
          b = batches.next()) {
        for (int i = 0; i < b.count() && n < samples; i++, n++) {
          fed[n] = Arrays.copyOfRange(b.features(), i * size, (i + 1) * size);
        }
      }
    }
    return fed;
  }

  @Test
  void theFirstSamplesAreTheLoopsValueForValue() throws InterruptedException {
    LabeledData data = images(40);
    for (int epoch : new int[] {1, 3}) {
      List<EpochSamples.Sample> preview =
          EpochSamples.first(data, everyKind(), SEED, epoch, 12, label -> true);
      float[][] fed = fedByTheLoop(data, epoch, 12);
      assertThat(preview).hasSize(12);
      for (int i = 0; i < 12; i++) {
        assertThat(preview.get(i).fed()).as("epoch %d, sample %d", epoch, i).isEqualTo(fed[i]);
        assertThat(preview.get(i).raw()).isNotEqualTo(preview.get(i).fed());
      }
    }
  }

  @Test
  void samplesOfChosenClassesAreTheOnesTheLoopFeedsAtTheirPlace() throws InterruptedException {
    LabeledData data = images(40);
    List<EpochSamples.Sample> threes =
        EpochSamples.first(data, everyKind(), SEED, 1, 3, label -> label == 3);
    float[][] fed = fedByTheLoop(data, 1, 40);
    int[] order = EpochSamples.order(data.count(), SEED, 1);
    assertThat(threes).hasSize(3).allSatisfy(s -> assertThat(s.labels()[0]).isEqualTo(3));
    for (EpochSamples.Sample s : threes) {
      int place = Arrays.stream(order).boxed().toList().indexOf(s.index());
      assertThat(s.fed()).isEqualTo(fed[place]);
    }
  }
}
