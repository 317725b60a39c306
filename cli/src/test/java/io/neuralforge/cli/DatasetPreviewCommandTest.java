package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuralforge.trainer.data.BuiltinDataset;
import io.neuralforge.trainer.run.EpochSamples;
import io.neuralforge.trainer.run.PreparedData;
import io.neuralforge.trainer.run.RunSpec;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dataset preview draws what training is fed, and refuses what it cannot draw. */
class DatasetPreviewCommandTest {
  private static final String RUN = "../examples/trainingruns/fashion-mnist-lenet.yaml";

  @Test
  void theFedHalfOfEachCellIsWhatTrainingIsFedPixelForPixel(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("grid.png");
    CliRun r = CliRun.of("dataset", "preview", "-f", RUN, "-o", png.toString(), "--count", "4");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("4 samples");
    BufferedImage grid = ImageIO.read(png.toFile());

    // the trainer's own preparation and first-epoch draws for the run's spec and seed
    var spec = Manifests.JSON.treeToValue(Manifests.read(RUN).get(0).path("spec"), RunSpec.class);
    long seed = spec.hyperparameters().seedOrDefault();
    PreparedData data = PreparedData.unfitted(spec.dataset(), seed, BuiltinDataset.defaultRoot());
    List<EpochSamples.Sample> fed =
        EpochSamples.first(data.train(), data.augmentations(), seed, 1, 4, label -> true);
    // 28 x 28 samples drawn 4x (at least 96 pixels), 2 columns; see DatasetPreviewImage's layout
    int scale = 4;
    int cellWidth = 2 * 28 * scale + 6;
    int cellHeight = 28 * scale + 18;
    for (int i = 0; i < 4; i++) {
      BufferedImage expected = DatasetPreviewImage.picture(fed.get(i).fed(), 1, 28, 28, null);
      int x = 16 + (i % 2) * (cellWidth + 12) + 6 + 28 * scale + 6;
      int y = 16 + 40 + (i / 2) * (cellHeight + 12) + 6;
      for (int py = 0; py < 28; py++) {
        for (int px = 0; px < 28; px++) {
          assertThat(grid.getRGB(x + px * scale, y + py * scale) & 0xFFFFFF)
              .as("sample %d, pixel (%d, %d)", i, px, py)
              .isEqualTo(expected.getRGB(px, py) & 0xFFFFFF);
        }
      }
    }
  }

  @Test
  void chosenClassesOnlyAndClearRefusals(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("sevens.png");
    CliRun r =
        CliRun.of(
            "dataset",
            "preview",
            "-f",
            RUN,
            "-o",
            png.toString(),
            "--classes",
            "7",
            "--count",
            "3");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.size(png)).isPositive();

    CliRun tooMany =
        CliRun.of("dataset", "preview", "-f", RUN, "-o", png.toString(), "--count", "1000");
    assertThat(tooMany.exitCode()).isNotZero();
    assertThat(tooMany.err()).contains("--count must be between 1 and 256");

    Path csv = dir.resolve("tokens.yaml");
    Files.writeString(
        csv,
        Manifests.YAML_WRITER.writeValueAsString(
            Map.of(
                "apiVersion",
                "neuralforge.io/v1alpha1",
                "kind",
                "TrainingRun",
                "metadata",
                Map.of("name", "t"),
                "spec",
                Map.of(
                    "architectureRef", Map.of("name", "x"),
                    "dataset", Map.of("builtin", "iris")))));
    CliRun iris = CliRun.of("dataset", "preview", "-f", csv.toString(), "-o", png.toString());
    assertThat(iris.exitCode()).isNotZero();
    assertThat(iris.err())
        .contains("TrainingRun t: its samples have shape")
        .contains("draws images");
  }

  @Test
  void aSegmentationMaskIsLaidOverTheImageInColourAndBackgroundLeftAlone() {
    float[] gray = new float[] {0.5f, 0.5f, 0.5f, 0.5f};
    BufferedImage masked = DatasetPreviewImage.picture(gray, 1, 2, 2, new int[] {0, 1, 2, 0});
    int background = masked.getRGB(0, 0) & 0xFFFFFF;
    assertThat(background).isEqualTo(0x808080);
    assertThat(masked.getRGB(1, 0) & 0xFFFFFF).isNotEqualTo(background);
    assertThat(masked.getRGB(0, 1) & 0xFFFFFF)
        .isNotEqualTo(background)
        .isNotEqualTo(masked.getRGB(1, 0) & 0xFFFFFF);
  }
}
