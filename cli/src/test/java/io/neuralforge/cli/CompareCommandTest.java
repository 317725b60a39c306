package io.neuralforge.cli;

import static io.neuralforge.cli.TrainOutputs.architecture;
import static io.neuralforge.cli.TrainOutputs.history;
import static io.neuralforge.cli.TrainOutputs.hyperparameters;
import static io.neuralforge.cli.TrainOutputs.metrics;
import static io.neuralforge.cli.TrainOutputs.run;
import static io.neuralforge.cli.TrainOutputs.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code neuralforge compare --local} on folders laid out as {@code neuralforge train} does. */
class CompareCommandTest {
  private static final String LR = "hyperparameters.optimizer.learningRate";

  @TempDir static Path dir;

  /** Three finished runs differing in learning rate (and in runPolicy, which is not compared). */
  private static Path slow;

  private static Path fast;
  private static Path middle;

  @BeforeAll
  static void folders() throws IOException {
    slow =
        write(
            dir.resolve("slow"),
            run("lr-slow", 0.001, 1),
            architecture(),
            metrics(0.90, 0.35, 0.30),
            history(3, 0.80, 0.05));
    fast =
        write(
            dir.resolve("fast"),
            run("lr-fast", 0.01, 2),
            architecture(),
            metrics(0.95, 0.20, 0.15),
            history(3, 0.85, 0.05));
    middle =
        write(
            dir.resolve("middle"),
            run("lr-middle", 0.003, 3),
            architecture(),
            metrics(0.80, 0.50, 0.45),
            history(2, 0.70, 0.10));
  }

  private static ObjectNode run(String name, double learningRate, int backoffLimit) {
    ObjectNode run = TrainOutputs.run(name);
    ((ObjectNode) hyperparameters(run).get("optimizer")).put("learningRate", learningRate);
    ((ObjectNode) run.get("spec")).putObject("runPolicy").put("backoffLimit", backoffLimit);
    return run;
  }

  private static CliRun compare(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "compare";
    all[1] = "--local";
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRun.of(all);
  }

  private static List<String> lines(CliRun run) {
    return run.out().lines().toList();
  }

  private static List<String> column(CliRun run, int index) {
    return lines(run).stream().skip(1).map(l -> l.split("\\s{2,}")[index]).toList();
  }

  @Test
  void bestValidationAccuracyFirstWithOnlyTheParametersThatDiffer() {
    CliRun run = compare(slow.toString(), fast.toString(), middle.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> header = Arrays.asList(lines(run).get(0).split("\\s+"));
    assertThat(header)
        .containsExactly(
            "RUN",
            LR,
            "validationAccuracy",
            "validationLoss",
            "trainLoss",
            "PHASE",
            "DEVICE",
            "GPU-HOURS",
            "DURATION");
    assertThat(column(run, 0)).containsExactly("lr-fast", "lr-slow", "lr-middle");
    assertThat(column(run, 1)).containsExactly("0.01", "0.001", "0.003");
    assertThat(column(run, 2)).containsExactly("0.9500", "0.9000", "0.8000");
    // local runs: what they trained on, the epochs' seconds summed, no GPU-hours
    assertThat(lines(run).get(1)).endsWith("Succeeded   cpu, 2 threads   -           5s");
    assertThat(lines(run).get(3)).endsWith("3s");
  }

  @Test
  void columnsAreAligned() {
    CliRun run = compare(slow.toString(), fast.toString(), middle.toString());
    String header = lines(run).get(0);
    for (String name : List.of(LR, "validationAccuracy", "PHASE", "DURATION")) {
      int at = header.indexOf(name);
      for (String row : lines(run).subList(1, 4)) {
        assertThat(row.charAt(at - 1)).as(row).isEqualTo(' ');
        assertThat(row.charAt(at)).as(row).isNotEqualTo(' ');
      }
    }
  }

  @Test
  void aLossSortsLowestFirst() {
    CliRun run =
        compare("--sort", "validationLoss", slow.toString(), middle.toString(), fast.toString());
    assertThat(column(run, 0)).containsExactly("lr-fast", "lr-slow", "lr-middle");
  }

  @Test
  void anAccuracySortsHighestFirstWhateverTheOrderGiven() {
    CliRun run = compare(middle.toString(), fast.toString(), slow.toString());
    assertThat(column(run, 0)).containsExactly("lr-fast", "lr-slow", "lr-middle");
  }

  @Test
  void aRunWithoutTheMetricGoesLast() throws IOException {
    Path unfinished =
        write(dir.resolve("unfinished"), run("lr-unfinished", 0.03, 1), architecture(), null, null);
    CliRun run = compare(unfinished.toString(), middle.toString(), fast.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(column(run, 0)).containsExactly("lr-fast", "lr-middle", "lr-unfinished");
    assertThat(lines(run).get(3)).contains("Incomplete").contains(" - ");
  }

  @Test
  void identicalParametersGetNoColumnAndTestAccuracyOnlyWhenARunHasIt() throws IOException {
    ObjectNode withTest = metrics(0.91, 0.3, 0.3).put("testAccuracy", 0.89);
    Path a = write(dir.resolve("same-a"), run("same-a", 0.001, 1), architecture(), withTest, null);
    Path b =
        write(
            dir.resolve("same-b"),
            run("same-b", 0.001, 1),
            architecture(),
            metrics(0.92, 0.3, 0.3),
            null);
    CliRun run = compare(a.toString(), b.toString());
    List<String> header = Arrays.asList(lines(run).get(0).split("\\s+"));
    assertThat(header).doesNotContain(LR).contains("testAccuracy");
    assertThat(header.get(1)).isEqualTo("validationAccuracy");
    assertThat(lines(run).get(1)).startsWith("same-b").contains("   -   ");

    CliRun without = compare(slow.toString(), fast.toString());
    assertThat(without.out()).doesNotContain("testAccuracy");
  }

  @Test
  void jsonListsRunsInTheSameOrderWithOnlyDifferingParameters() throws IOException {
    CliRun run = compare("-o", "json", slow.toString(), middle.toString(), fast.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode list = TrainOutputs.JSON.readTree(run.out());
    assertThat(list.isArray()).isTrue();
    assertThat(list.findValuesAsText("run")).containsExactly("lr-fast", "lr-slow", "lr-middle");
    JsonNode best = list.get(0);
    assertThat(best.path("parameters").size()).isEqualTo(1);
    assertThat(best.path("parameters").path(LR).asDouble()).isEqualTo(0.01);
    assertThat(best.path("metrics").path("validationAccuracy").asDouble()).isEqualTo(0.95);
    assertThat(best.path("metrics").path("bestEpoch").isIntegralNumber()).isTrue();
    assertThat(best.path("metrics").has("devices")).isFalse();
    assertThat(best.path("phase").asText()).isEqualTo("Succeeded");
    assertThat(best.has("gpuHours")).isTrue();
    assertThat(best.path("gpuHours").isNull()).isTrue();
    assertThat(best.path("durationSeconds").asLong()).isEqualTo(5); // 3 epochs of 1.5 s, rounded
  }

  @Test
  void foldersOfOneManifestAreToldApartByFolder() throws IOException {
    Path again =
        write(
            dir.resolve("again"),
            run("lr-fast", 0.01, 2),
            architecture(),
            metrics(0.94, 0.2, 0.2),
            null);
    CliRun run = compare(fast.toString(), again.toString());
    assertThat(column(run, 0)).containsExactly(fast.toString(), again.toString());
  }

  @Test
  void curvesAreOnePngOfTheDocumentedSize() throws IOException {
    Path png = dir.resolve("curves.png");
    CliRun run =
        compare("--curves", png.toString(), slow.toString(), fast.toString(), middle.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(Arrays.copyOf(bytes, 8))
        .containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(CurvesOverlay.WIDTH).isEqualTo(1000);
    assertThat(image.getHeight()).isEqualTo(CurvesOverlay.HEIGHT).isEqualTo(700);
    assertThat(image.getRGB(2, 2)).as("white background").isEqualTo(0xffffffff);
    assertThat(run.err()).contains(png.toString());
  }

  @Test
  void curvesWithoutAnyHistoryExitOne() throws IOException {
    Path a =
        write(
            dir.resolve("nohist-a"),
            run("nohist-a", 0.001, 1),
            architecture(),
            metrics(0.9, 0.3, 0.3),
            null);
    Path png = dir.resolve("none.png");
    CliRun run = compare("--curves", png.toString(), a.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).startsWith("RUN");
    assertThat(run.err().strip()).contains("history").doesNotContain("\n");
    assertThat(png).doesNotExist();
  }

  @Test
  void aMissingFolderExitsTwoNamingIt() {
    CliRun run = compare(slow.toString(), dir.resolve("nowhere").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo("neuralforge: " + dir.resolve("nowhere") + ": no such folder");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aFolderThatIsNotATrainOutputExitsTwoNamingIt() throws IOException {
    Path other = Files.createDirectories(dir.resolve("other"));
    CliRun run = compare(other.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .startsWith("neuralforge: " + other)
        .contains("not a neuralforge train output folder")
        .doesNotContain("\n");
  }

  @Test
  void aBrokenHistoryExitsTwoNamingFileAndLine() throws IOException {
    Path broken =
        write(
            dir.resolve("broken"),
            run("broken", 0.001, 1),
            architecture(),
            metrics(0.9, 0.3, 0.3),
            TrainOutputs.HISTORY_HEADER + "1,0.5,0.5,oops,0.5,NaN,0.001,1.0\n");
    CliRun run = compare(broken.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("history.csv: line 2: validationLoss is not a number");
  }

  @Test
  void badUsageExitsTwoWithOneLine() {
    assertThat(CliRun.of("compare").exitCode()).isEqualTo(2);
    assertThat(CliRun.of("compare", "--local").err()).contains("--local needs");
    CliRun both = CliRun.of("compare", "a", "-l", "team=x");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err().strip()).contains("not several").doesNotContain("\n");
    CliRun mixed = CliRun.of("compare", "--local", "--sweep", "s", slow.toString());
    assertThat(mixed.exitCode()).isEqualTo(2);
    assertThat(mixed.err()).contains("--local compares folders");
  }
}
