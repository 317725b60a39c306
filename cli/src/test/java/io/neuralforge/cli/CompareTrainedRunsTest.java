package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare --local} and {@code diff} on what {@code neuralforge train} really wrote: two
 * 2-epoch digits runs, one with a higher learning rate and a wider first layer.
 */
class CompareTrainedRunsTest {
  @TempDir static Path dir;
  private static Path a;
  private static Path b;

  @BeforeAll
  static void train() throws IOException {
    String run =
        Files.readString(Path.of(TrainOutputs.DIGITS_RUN)).replace("epochs: 30", "epochs: 2");
    a = train("a", run, Files.readString(Path.of(TrainOutputs.DIGITS_ARCH)));
    b =
        train(
            "b",
            run.replace("learningRate: 0.003", "learningRate: 0.01")
                .replace("name: digits-mlp", "name: digits-mlp-wide"),
            Files.readString(Path.of(TrainOutputs.DIGITS_ARCH))
                .replace("outFeatures: 128", "outFeatures: 256"));
  }

  private static Path train(String name, String run, String architecture) throws IOException {
    Path runFile = Files.writeString(dir.resolve(name + "-run.yaml"), run);
    Path archFile = Files.writeString(dir.resolve(name + "-arch.yaml"), architecture);
    Path out = dir.resolve(name);
    CliRun trained = CliRun.train(runFile, archFile, out);
    assertThat(trained.exitCode()).as(trained.err()).isZero();
    return out;
  }

  @Test
  void comparesTheRealFoldersAndDrawsTheirCurves() throws IOException {
    Path png = dir.resolve("compare.png");
    CliRun run =
        CliRun.of("compare", "--local", a.toString(), b.toString(), "--curves", png.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).split("\\s+"))
        .startsWith("RUN", "hyperparameters.optimizer.learningRate", "validationAccuracy");
    assertThat(lines.subList(1, 3))
        .anyMatch(l -> l.startsWith("digits-mlp ") && l.contains(" 0.003 "))
        .anyMatch(l -> l.startsWith("digits-mlp-wide ") && l.contains(" 0.01 "))
        .allMatch(l -> l.contains("Succeeded"));
    double first = Double.parseDouble(lines.get(1).split("\\s+")[2]);
    double second = Double.parseDouble(lines.get(2).split("\\s+")[2]);
    assertThat(first).isGreaterThanOrEqualTo(second);
    var image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1000);
    assertThat(image.getHeight()).isEqualTo(700);
  }

  @Test
  void diffNamesTheWiderLayerAndTheLearningRate() {
    CliRun run = CliRun.of("diff", a.toString(), b.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("hyperparameters.optimizer.learningRate: 0.003 -> 0.01")
        .contains("~ fc1: params.outFeatures 128 -> 256")
        .doesNotContain("fc2")
        .doesNotContain("fc3");
  }
}
