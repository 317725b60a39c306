package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.testing.WithOperator;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example sweep trained on the test cluster's real node, then compared and diffed from the
 * cluster with the command line, as a user would after {@code kubectl apply}.
 */
@RealCluster
@WithOperator
class ExperimentsIT {
  private static final Duration TRAINING = Duration.ofMinutes(10);

  @Test
  void aSweepIsComparedBestFirstWithItsCurvesAndTwoRunsAreDiffed(
      ControlPlane plane, TestNamespace ns, KubernetesClient client, @TempDir Path dir)
      throws Exception {
    TestManifests.createExample(plane, ns, "architectures/mlp-digits.yaml");
    TestManifests.createExample(plane, ns, "architectures/mlp-digits-narrow.yaml");
    TestManifests.createExample(plane, ns, "trainingsweeps/digits-mlp-sweep.yaml");
    TrainingSweep sweep =
        Await.phase(
            client, TrainingSweep.class, ns, "digits-mlp", s -> s.phase, "Succeeded", TRAINING);
    System.setProperty("kubeconfig", plane.kubeconfig().toString()); // the command's kubeconfig

    Path png = dir.resolve("curves.png");
    CliRun table =
        CliRun.of("compare", "-n", ns.name(), "--sweep", "digits-mlp", "--curves", png.toString());
    assertThat(table.exitCode()).as(table.err()).isZero();
    List<String> rows = table.out().lines().filter(l -> l.startsWith("digits-mlp-")).toList();
    List<String> leaderboard = new ArrayList<>();
    sweep.getStatus().leaderboard.forEach(r -> leaderboard.add(r.run));
    assertThat(rows).extracting(r -> r.split("\\s+")[0]).isEqualTo(leaderboard);
    String header = table.out().lines().findFirst().orElseThrow();
    assertThat(header)
        .contains("hyperparameters.optimizer.learningRate", "architectureRef.name")
        .doesNotContain("hyperparameters.epochs"); // the same in every run
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isGreaterThanOrEqualTo(800);

    CliRun json = CliRun.of("compare", "-n", ns.name(), "--sweep", "digits-mlp", "-o", "json");
    assertThat(json.exitCode()).as(json.err()).isZero();
    JsonNode first = new ObjectMapper().readTree(json.out()).get(0);
    assertThat(first.path("run").asText()).isEqualTo(sweep.getStatus().best.run);
    assertThat(first.at("/metrics/validationAccuracy").asDouble())
        .isEqualTo(sweep.getStatus().best.value);

    // run 0 trains mlp-digits, run 1 mlp-digits-narrow, at the same learning rate
    CliRun diff = CliRun.of("diff", "-n", ns.name(), "digits-mlp-0", "digits-mlp-1");
    assertThat(diff.exitCode()).as(diff.err()).isZero();
    assertThat(diff.out())
        .contains("architecture (mlp-digits -> mlp-digits-narrow)")
        .contains("fc1")
        .contains("~ fc1: params.outFeatures 128 -> 32")
        .contains("- fc3 (Linear)")
        .doesNotContain("learningRate");
    Files.copy(
        png,
        Path.of("target", "experiments-curves.png"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
