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
  void imageFolderWithTrainAndTestSplits(@TempDir Path dir) throws IOException {
    writeImage(dir.resolve("train/cat/1.png"), 0x102030);
    writeImage(dir.resolve("train/cat/2.png"), 0x102030);
    writeImage(dir.resolve("train/ant/1.png"), 0xff0000);
    writeImage(dir.resolve("test/cat/1.png"), 0x102030);
    DatasetSplits splits = UriDataset.load(dir.toString(), "imagefolder");
    assertThat(splits.train().sampleShape()).isEqualTo(Shape.of(3, 4, 5));
    assertThat(splits.train().labels()).containsExactly(0, 1, 1); // ant, cat, cat: alphabetical
    assertThat(splits.train().classes()).isEqualTo(2);
    assertThat(splits.train().features()[0]).isEqualTo(1f); // ant is pure red
    assertThat(splits.test().labels()).containsExactly(1);
    writeImage(dir.resolve("train/cat/3.png"), 0, 7, 7);
    assertThatThrownBy(() -> UriDataset.load(dir.toString(), "imagefolder"))
        .hasMessageContaining("resize");
  }

  private static void writeImage(Path file, int rgb) throws IOException {
    writeImage(file, rgb, 5, 4);
  }

  private static void writeImage(Path file, int rgb, int w, int h) throws IOException {
    Files.createDirectories(file.getParent());
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    javax.imageio.ImageIO.write(image, "png", file.toFile());
  }

  @Test
  void problemsNameTheUri(@TempDir Path dir) {
    assertThatThrownBy(() -> UriDataset.load(dir.resolve("missing").toString(), "idx"))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> UriDataset.load(dir.toString(), "parquet"))
        .hasMessageContaining("dataset.format must be idx, cifar10, csv or imagefolder");
    assertThatThrownBy(() -> UriDataset.load("s3://bucket/data/", "idx"))
        .hasMessageContaining("no S3 settings");
  }
}
