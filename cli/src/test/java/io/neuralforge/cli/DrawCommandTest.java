package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files, formats, exit codes and messages of {@code neuralforge draw}. */
class DrawCommandTest {
  private static final String LENET = "../examples/architectures/lenet-bn.yaml";
  private static final String RESNET = "../examples/architectures/resnet18.yaml";
  private static final Pattern NODE_GROUP = Pattern.compile("<g id='node-[^']*' class='node");

  @TempDir Path dir;

  @Test
  void drawsAnSvgFromTheArgumentAndAPngFromMinusF() throws IOException {
    Path svg = dir.resolve("net.svg");
    CliRun run = CliRun.of("draw", LENET, "-o", svg.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readString(svg)).startsWith("<?xml").contains("id='node-conv1'");

    Path png = dir.resolve("out/net.png");
    run = CliRun.of("draw", "-f", LENET, "-o", png.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isGreaterThan(200);
    assertThat(image.getHeight()).isGreaterThan(image.getWidth());
  }

  @Test
  void collapseFoldsResNetStages() throws IOException {
    Path full = dir.resolve("full.svg");
    Path folded = dir.resolve("folded.svg");
    assertThat(CliRun.of("draw", RESNET, "-o", full.toString()).exitCode()).isZero();
    assertThat(CliRun.of("draw", RESNET, "--collapse", "-o", folded.toString()).exitCode())
        .isZero();
    String foldedSvg = Files.readString(folded);
    assertThat(NODE_GROUP.matcher(foldedSvg).results().count())
        .isLessThan(NODE_GROUP.matcher(Files.readString(full)).results().count());
    assertThat(foldedSvg).contains("data-repeat='2'").contains("×2");
  }

  @Test
  void anInvalidGraphIsDrawnAndExitsOne() throws IOException {
    Path arch = dir.resolve("bad.yaml");
    Files.writeString(
        arch,
        Files.readString(Path.of(LENET))
            .replace("params: {outFeatures: 10}", "params: {outFeatures: 0}"));
    Path svg = dir.resolve("bad.svg");
    CliRun run = CliRun.of("draw", arch.toString(), "-o", svg.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("lenet-bn is invalid (1 error)").hasLineCount(1);
    assertThat(Files.readString(svg))
        .contains("class='node output invalid'")
        .contains("data-error=");
  }

  @Test
  void badInputIsOneLineAndExitTwo() throws IOException {
    CliRun unknownFormat = CliRun.of("draw", LENET, "-o", dir.resolve("net.pdf").toString());
    assertThat(unknownFormat.exitCode()).isEqualTo(2);
    assertThat(unknownFormat.err()).contains("net.pdf: unknown picture format").hasLineCount(1);

    CliRun missing = CliRun.of("draw", "no-such.yaml", "-o", dir.resolve("x.svg").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no-such.yaml: no such file").hasLineCount(1);

    Path run = dir.resolve("run.yaml");
    Files.writeString(run, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    CliRun notArchitecture =
        CliRun.of("draw", run.toString(), "-o", dir.resolve("x.svg").toString());
    assertThat(notArchitecture.exitCode()).isEqualTo(2);
    assertThat(notArchitecture.err()).contains("no neuralforge.io/v1alpha1 Architecture found");

    CliRun none = CliRun.of("draw", "-o", dir.resolve("x.svg").toString());
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("draw needs the Architecture file").hasLineCount(1);
    assertThat(dir.resolve("x.svg")).doesNotExist();
  }
}
