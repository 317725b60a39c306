package io.neuralforge.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixTest {

  @Test
  void countsAreTheOnesCountedByHandOverTwoBatches() {
    ConfusionMatrix m = new ConfusionMatrix(3);
    // true 0 0 1 2 | 2 1 0 2 ; predicted 0 1 1 2 | 0 1 0 2
    m.add(new int[] {0, 0, 1, 2}, new long[] {0, 1, 1, 2});
    m.add(new int[] {2, 1, 0, 2}, new long[] {0, 1, 0, 2});
    // by hand: class 0 was seen 3 times, 2 right and once called 1; class 1 twice, both right;
    // class 2 three times, twice right and once called 0
    assertThat(m.counts()).isEqualTo(new long[][] {{2, 1, 0}, {0, 2, 0}, {1, 0, 2}});
    assertThat(m.count(2, 0)).isEqualTo(1);
    assertThat(m.actualTotal(0)).isEqualTo(3);
    assertThat(m.actualTotal(1)).isEqualTo(2);
    assertThat(m.total()).isEqualTo(8);
    assertThat(m.correct()).isEqualTo(6);
  }

  @Test
  void theCountsSurviveACopyAndACopyIsNotShared() {
    ConfusionMatrix m = new ConfusionMatrix(2);
    m.add(new int[] {1, 1, 0}, new long[] {1, 0, 0});
    long[][] saved = m.counts();
    saved[0][0] = 99;
    ConfusionMatrix back = ConfusionMatrix.of(m.counts());
    assertThat(back.counts()).isEqualTo(new long[][] {{1, 0}, {1, 1}});
    assertThat(m.count(0, 0)).isEqualTo(1);
  }

  @Test
  void labelsAndPredictionsMustPair() {
    assertThatThrownBy(() -> new ConfusionMatrix(2).add(new int[] {0, 1}, new long[] {0}))
        .hasMessage("2 labels for 1 predictions");
    assertThatThrownBy(() -> ConfusionMatrix.of(new long[][] {{1, 2}, {3}}))
        .hasMessage("row 1 has 1 counts, not 2");
  }

  @Test
  void classesWithoutNamesAreLabelledByTheirIndex() {
    assertThat(ConfusionChart.labels(List.of("cat", "dog"), 2)).containsExactly("cat", "dog");
    assertThat(ConfusionChart.labels(List.of(), 3)).containsExactly("0", "1", "2");
  }

  @Test
  void aHundredClassesAreDrawnOnTheSameCanvas(@TempDir Path dir) throws Exception {
    ConfusionMatrix m = new ConfusionMatrix(100);
    java.util.Random random = new java.util.Random(1);
    for (int i = 0; i < 20_000; i++) {
      int actual = random.nextInt(100);
      int predicted = random.nextDouble() < 0.7 ? actual : random.nextInt(100);
      m.add(new int[] {actual}, new long[] {predicted});
    }
    Path png = dir.resolve("confusion.png");
    ConfusionChart.write("a hundred classes", m, List.of(), 3, png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(ConfusionChart.WIDTH);
    assertThat(image.getHeight()).isEqualTo(ConfusionChart.HEIGHT);
  }
}
