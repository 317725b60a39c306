package io.neuralforge.cli;

import static io.neuralforge.cli.TrainOutputs.architecture;
import static io.neuralforge.cli.TrainOutputs.hyperparameters;
import static io.neuralforge.cli.TrainOutputs.node;
import static io.neuralforge.cli.TrainOutputs.nodes;
import static io.neuralforge.cli.TrainOutputs.run;
import static io.neuralforge.cli.TrainOutputs.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code neuralforge diff} on two output folders. */
class DiffCommandTest {
  @TempDir static Path dir;
  private static Path base;
  private static Path changed;

  /**
   * Base: the digits example. Changed: another learning rate and validation fraction, fc1 wider,
   * relu1 turned into a GELU, a Dropout added before fc2, relu2 removed (fc3 reads fc2).
   */
  @BeforeAll
  static void folders() throws IOException {
    base = write(dir.resolve("base"), run("digits-a"), architecture(), null, null);
    ObjectNode run = run("digits-b");
    ((ObjectNode) hyperparameters(run).get("optimizer")).put("learningRate", 0.01);
    ((ObjectNode) run.get("spec").get("dataset")).put("validationFraction", 0.25);
    ObjectNode arch = architecture();
    ((ObjectNode) node(arch, "fc1").get("params")).put("outFeatures", 256);
    node(arch, "relu1").put("type", "GELU");
    nodes(arch)
        .addObject()
        .put("id", "drop1")
        .put("type", "Dropout")
        .putArray("inputs")
        .add("relu1");
    node(arch, "fc2").putArray("inputs").add("drop1");
    node(arch, "fc3").putArray("inputs").add("fc2");
    nodes(arch).remove(3); // relu2
    changed = write(dir.resolve("changed"), run, arch, null, null);
  }

  @Test
  void namesEveryChangedNodeAndParameter() {
    CliRun run = CliRun.of("diff", base.toString(), changed.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> lines = run.out().lines().map(String::strip).toList();
    assertThat(lines)
        .contains(
            "hyperparameters.optimizer.learningRate: 0.003 -> 0.01",
            "dataset.validationFraction: 0.2 -> 0.25",
            "~ fc1: params.outFeatures 128 -> 256",
            "~ relu1: type ReLU -> GELU",
            "~ fc2: inputs [relu1] -> [drop1]",
            "~ fc3: inputs [relu2] -> [fc2]",
            "- relu2 (ReLU)",
            "+ drop1 (Dropout)");
    assertThat(run.out())
        .contains("hyperparameters:\n")
        .contains("dataset:\n")
        .contains("architecture:\n")
        .doesNotContain("resources:") // the same in both
        .doesNotContain("batchSize") // unchanged leaves are not listed
        .doesNotContain("fc2: params");
  }

  @Test
  void sectionsComeInTheirOrder() {
    String out = CliRun.of("diff", base.toString(), changed.toString()).out();
    assertThat(out.indexOf("hyperparameters:"))
        .isLessThan(out.indexOf("dataset:"))
        .isLessThan(out.indexOf("architecture:"));
    assertThat(out).startsWith("--- digits-a (" + base + ")\n+++ digits-b (" + changed + ")\n");
  }

  @Test
  void resourcesAppearWhenTheyDiffer() throws IOException {
    ObjectNode run = run("digits-c");
    ((ObjectNode) run.get("spec").get("resources")).put("memory", "2Gi");
    Path c = write(dir.resolve("c"), run, architecture(), null, null);
    CliRun diff = CliRun.of("diff", base.toString(), c.toString());
    assertThat(diff.out())
        .contains("resources:\n  resources.memory: 1Gi -> 2Gi")
        .contains("architecture:\n  (same graph)");
  }

  @Test
  void identicalRunsSaySo() {
    CliRun run = CliRun.of("diff", base.toString(), base.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("identical").doesNotContain("->");
  }

  @Test
  void jsonNamesNodeFieldAndBothValues() throws IOException {
    CliRun run = CliRun.of("diff", "-o", "json", base.toString(), changed.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode diff = TrainOutputs.JSON.readTree(run.out());
    assertThat(diff.path("identical").asBoolean()).isFalse();
    JsonNode lr = diff.path("hyperparameters").get(0);
    assertThat(lr.path("path").asText()).isEqualTo("hyperparameters.optimizer.learningRate");
    assertThat(lr.path("a").asDouble()).isEqualTo(0.003);
    assertThat(lr.path("b").asDouble()).isEqualTo(0.01);
    JsonNode fc1 = diff.path("architecture").path("changes").get(0);
    assertThat(fc1.path("change").asText()).isEqualTo("changed");
    assertThat(fc1.path("node").asText()).isEqualTo("fc1");
    assertThat(fc1.path("field").asText()).isEqualTo("params.outFeatures");
    assertThat(fc1.path("a").asInt()).isEqualTo(128);
    assertThat(fc1.path("b").asInt()).isEqualTo(256);
    assertThat(diff.path("architecture").path("changes").findValuesAsText("change"))
        .contains("added", "removed");
  }

  @Test
  void aFolderWithoutArchitectureExitsTwoNamingIt() throws IOException {
    Path noArch = write(dir.resolve("noarch"), run("x"), architecture(), null, null);
    Files.delete(noArch.resolve("architecture.json"));
    CliRun run = CliRun.of("diff", base.toString(), noArch.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .startsWith("neuralforge: " + noArch + ": no architecture.json")
        .doesNotContain("\n");
  }

  @Test
  void aMissingPathExitsTwoWithoutAskingTheCluster() {
    CliRun run = CliRun.of("diff", base.toString(), dir.resolve("gone").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo("neuralforge: " + dir.resolve("gone") + ": no such folder");
  }

  @Test
  void oneRunIsBadUsage() {
    CliRun run = CliRun.of("diff", base.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith("neuralforge:").doesNotContain("\n");
  }
}
