package io.neuralforge.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuralforge.graph.Shape;
import io.neuralforge.trainer.data.Augmentations;
import io.neuralforge.trainer.data.LabeledData;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Batches come in the given order, with the augmentations applied to every sample. */
class BatchProducerTest {

  @Test
  void batchesFollowTheOrderAndCarryTheAugmentations() throws InterruptedException {
    Shape sample = Shape.of(1, 1, 2);
    LabeledData data =
        new LabeledData(sample, new float[] {1, 2, 3, 4, 5, 6}, new int[] {0, 1, 2}, 3);
    Augmentations augmentations =
        Augmentations.parse(
            List.of(
                Map.of("type", "RandomHorizontalFlip", "p", 1.0),
                Map.of("type", "Normalize", "mean", List.of(1), "std", List.of(2))),
            sample);
    try (BatchProducer batches =
        new BatchProducer(data, new int[] {2, 0, 1}, 2, augmentations, new Random(1))) {
      BatchProducer.HostBatch first = batches.next();
      assertThat(first.labels()).containsExactly(2, 0);
      assertThat(first.features()).containsExactly(2.5f, 2f, 0.5f, 0f); // flipped, then (x - 1) / 2
      BatchProducer.HostBatch second = batches.next();
      assertThat(second.labels()).containsExactly(1);
      assertThat(second.features()).containsExactly(1.5f, 1f);
      assertThat(batches.next()).isNull();
    }
  }
}
