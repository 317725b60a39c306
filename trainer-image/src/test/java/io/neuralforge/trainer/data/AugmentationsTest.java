package io.neuralforge.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuralforge.graph.Shape;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentationsTest {
  private static final Shape IMAGE = Shape.of(2, 2, 3); // 2 channels of 2x3

  private static float[] sample() {
    return new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  }

  @Test
  void flipMirrorsEveryRowWhileTrainingOnly() {
    Augmentations flip =
        Augmentations.parse(List.of(Map.of("type", "RandomHorizontalFlip", "p", 1.0)), IMAGE);
    float[] x = sample();
    flip.apply(x, 0, true, new Random(1));
    assertThat(x).containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10);
    float[] y = sample();
    flip.apply(y, 0, false, null);
    assertThat(y).containsExactly(sample());
  }

  @Test
  void cropShiftsThePaddedImageAndKeepsItsSize() {
    Augmentations crop =
        Augmentations.parse(List.of(Map.of("type", "RandomCrop", "padding", 1)), IMAGE);
    boolean shifted = false;
    Random random = new Random(3);
    for (int i = 0; i < 20; i++) {
      float[] x = sample();
      crop.apply(x, 0, true, random);
      assertThat(x).hasSize(12);
      shifted |= x[0] == 0 || x[2] == 0 || x[1] != 2;
      // every value is either zero padding or one of the original pixels of the same channel
      for (int k = 0; k < 6; k++) {
        assertThat(x[k]).isIn(0f, 1f, 2f, 3f, 4f, 5f, 6f);
      }
    }
    assertThat(shifted).isTrue();
  }

  @Test
  void aMaskIsFlippedAndShiftedExactlyAsItsImage() {
    Augmentations both =
        Augmentations.parse(
            List.of(
                Map.of("type", "RandomHorizontalFlip"), Map.of("type", "RandomCrop", "padding", 1)),
            Shape.of(1, 2, 3));
    Random random = new Random(11);
    for (int i = 0; i < 20; i++) {
      // the mask labels each pixel with the pixel's own value: after any move they must still agree
      float[] image = {1, 2, 3, 4, 5, 6};
      int[] mask = {1, 2, 3, 4, 5, 6};
      both.apply(image, 0, mask, 0, true, random);
      for (int k = 0; k < 6; k++) {
        assertThat(mask[k]).isEqualTo((int) image[k]);
      }
    }
  }

  @Test
  void normalizeUsesPerChannelMeanAndStdAlways() {
    Augmentations norm =
        Augmentations.parse(
            List.of(Map.of("type", "Normalize", "mean", List.of(1, 7), "std", List.of(2, 0.5))),
            IMAGE);
    float[] x = sample();
    norm.apply(x, 0, false, null);
    assertThat(x).containsExactly(0f, 0.5f, 1f, 1.5f, 2f, 2.5f, 0f, 2f, 4f, 6f, 8f, 10f);
  }

  @Test
  void badEntriesNameTheirPlace() {
    assertThatThrownBy(() -> Augmentations.parse(List.of(Map.of("type", "Rotate")), IMAGE))
        .hasMessageContaining("dataset.augmentations[0].type");
    assertThatThrownBy(
            () ->
                Augmentations.parse(List.of(Map.of("type", "RandomHorizontalFlip")), Shape.of(64)))
        .hasMessageContaining("needs image samples");
    assertThatThrownBy(
            () ->
                Augmentations.parse(
                    List.of(Map.of("type", "Normalize", "std", List.of(1, 2, 3))), IMAGE))
        .hasMessageContaining("needs 1 or 2 values");
  }
}
