package io.neuralforge.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuralforge.graph.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real builtin data, as make build fetches it from Debian's packages. */
class BuiltinDatasetTest {
  private static final Path ROOT = BuiltinDataset.defaultRoot();

  @Test
  void fashionMnistHasTheOfficialSplit() {
    DatasetSplits splits = BuiltinDataset.FASHION_MNIST.loadFrom(ROOT);
    assertThat(splits.train().count()).isEqualTo(60_000);
    assertThat(splits.test().count()).isEqualTo(10_000);
    assertThat(splits.train().sampleShape()).isEqualTo(Shape.of(1, 28, 28));
    assertThat(splits.train().classes()).isEqualTo(10);
    assertThat(Arrays.stream(splits.train().labels()).distinct().count()).isEqualTo(10);
    float max = 0;
    for (float f : splits.test().features()) {
      max = Math.max(max, f);
    }
    assertThat(max).isEqualTo(1f); // pixels / 255, and some pixel is white
    // the training set is balanced: 6,000 of each class
    assertThat(Arrays.stream(splits.train().labels()).filter(l -> l == 3).count()).isEqualTo(6_000);
  }

  @Test
  void digitsAndIris() {
    LabeledData digits = BuiltinDataset.DIGITS.loadFrom(ROOT).train();
    assertThat(digits.count()).isEqualTo(1_797);
    assertThat(digits.sampleShape()).isEqualTo(Shape.of(64));
    assertThat(digits.labels()[0]).isZero();
    float maxPixel = 0;
    for (float f : digits.features()) {
      maxPixel = Math.max(maxPixel, f);
    }
    assertThat(maxPixel).isEqualTo(1f); // pixels / 16

    LabeledData iris = BuiltinDataset.IRIS.loadFrom(ROOT).train();
    assertThat(iris.count()).isEqualTo(150);
    assertThat(iris.classes()).isEqualTo(3);
    assertThat(iris.features()[0]).isEqualTo(5.1f); // sepal length of the first flower, in cm
    assertThat(BuiltinDataset.IRIS.loadFrom(ROOT).test()).isNull();
  }

  @Test
  void aMissingDatasetSaysHowToInstallIt(@TempDir Path empty) {
    assertThatThrownBy(() -> BuiltinDataset.DIGITS.loadFrom(empty))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("builtin dataset digits is not installed")
        .hasMessageContaining("make build");
  }
}
