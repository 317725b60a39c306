package io.neuralforge.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuralforge.graph.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets from a local folder in the formats users bring. */
class UriDatasetTest {

  @Test
  void idxFolderWithTrainAndTestFiles() {
    Path fashion = BuiltinDataset.defaultRoot().resolve("fashion-mnist");
    DatasetSplits splits = UriDataset.load(fashion.toUri().toString(), "idx");
    assertThat(splits.train().count()).isEqualTo(60_000);
    assertThat(splits.test().count()).isEqualTo(10_000);
    assertThat(splits.train().sampleShape()).isEqualTo(Shape.of(1, 28, 28));
  }

  @Test
  void cifar10BinaryBatches(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("data_batch_1.bin"), records(3, 7));
    Files.write(dir.resolve("data_batch_2.bin"), records(2, 1));
    Files.write(dir.resolve("test_batch.bin"), records(1, 9));
    DatasetSplits splits = UriDataset.load(dir.toString(), "cifar10");
    assertThat(splits.train().count()).isEqualTo(5);
    assertThat(splits.train().sampleShape()).isEqualTo(Shape.of(3, 32, 32));
    assertThat(splits.train().labels()).containsExactly(7, 7, 7, 1, 1);
    assertThat(splits.test().labels()).containsExactly(9);
    assertThat(splits.train().features()[1]).isEqualTo(1 / 255f); // pixel i holds i % 256
    assertThat(splits.train().classes()).isEqualTo(10);
  }

  private static byte[] records(int count, int label) {
    int size = 1 + 3 * 32 * 32;
    byte[] bytes = new byte[count * size];
    for (int r = 0; r < count; r++) {
      bytes[r * size] = (byte) label;
      for (int i = 0; i < size - 1; i++) {
        bytes[r * size + 1 + i] = (byte) (i % 256);
      }
    }
    return bytes;
  }

  @Test
  void csvWithAHeaderOrWithout(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("train.csv"), "a,b,label\n0.5,1.5,0\n2,3,2\n4,5,1\n");
    Files.writeString(dir.resolve("test.csv"), "1,1,1\n");
    DatasetSplits splits = UriDataset.load(dir.toString(), "csv");
    assertThat(splits.train().count()).isEqualTo(3);
    assertThat(splits.train().sampleShape()).isEqualTo(Shape.of(2));
    assertThat(splits.train().classes()).isEqualTo(3);
    assertThat(splits.train().features()).containsExactly(0.5f, 1.5f, 2f, 3f, 4f, 5f);
    assertThat(splits.test().count()).isEqualTo(1);
    assertThat(UriDataset.load(dir.resolve("test.csv").toString(), "csv").test()).isNull();
  }

  @Test
  void problemsNameTheUri(@TempDir Path dir) {
    assertThatThrownBy(() -> UriDataset.load(dir.resolve("missing").toString(), "idx"))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> UriDataset.load(dir.toString(), "parquet"))
        .hasMessageContaining("dataset.format must be idx, cifar10 or csv");
    assertThatThrownBy(() -> UriDataset.load("s3://bucket/data/", "idx"))
        .hasMessageContaining("s3:// is not supported");
  }
}
