package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.neuralforge.api.v1alpha1.HistoryPoint;
import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import io.neuralforge.api.v1alpha1.Reproducibility;
import io.neuralforge.api.v1alpha1.RunMetrics;
import io.neuralforge.api.v1alpha1.SweepObjective;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunSpec;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of compare and diff: ordering, spec leaves, a cluster run's figures. */
class CompareModelTest {

  private static RunFacts facts(String name, Map<String, Number> metrics) {
    return new RunFacts(
        name,
        Manifests.JSON.createObjectNode(),
        metrics,
        "Succeeded",
        null,
        null,
        List.of(),
        "cpu, 2 threads",
        null);
  }

  @Test
  void theOrderFollowsSortThenTheSweepThenValidationAccuracy() {
    assertThat(RunOrder.of(null, null)).isEqualTo(new RunOrder("validationAccuracy", false));
    assertThat(RunOrder.of("validationLoss", null)).isEqualTo(new RunOrder("validationLoss", true));
    assertThat(RunOrder.of("testLOSS", null).ascending()).isTrue();
    SweepObjective minimizeDice = new SweepObjective("validationDice", ObjectiveGoal.minimize);
    assertThat(RunOrder.of(null, minimizeDice)).isEqualTo(new RunOrder("validationDice", true));
    // the sweep's goal is for its own metric only
    assertThat(RunOrder.of("trainLoss", minimizeDice)).isEqualTo(new RunOrder("trainLoss", true));
    SweepObjective maximizeLoss = new SweepObjective("validationLoss", ObjectiveGoal.maximize);
    assertThat(RunOrder.of("validationLoss", maximizeLoss).ascending()).isFalse();
  }

  @Test
  void runsWithoutTheMetricGoLastInTheirOrder() {
    List<RunFacts> sorted =
        new RunOrder("validationLoss", true)
            .sort(
                List.of(
                    facts("none-1", Map.of()),
                    facts("high", Map.of("validationLoss", 0.9)),
                    facts("none-2", Map.of("validationAccuracy", 0.5)),
                    facts("low", Map.of("validationLoss", 0.1))));
    assertThat(sorted)
        .extracting(RunFacts::name)
        .containsExactly("low", "high", "none-1", "none-2");
  }

  @Test
  void specLeavesAreDottedPathsWithoutWhereResultsGo() {
    ObjectNode spec = Manifests.JSON.createObjectNode();
    spec.putObject("architectureRef").put("name", "lenet");
    spec.putObject("hyperparameters").putObject("optimizer").put("learningRate", 0.001);
    spec.putObject("dataset").putArray("augmentations").addObject().put("type", "Flip");
    spec.putObject("output").put("uri", "s3://b/p/");
    spec.putObject("runPolicy").put("backoffLimit", 2);
    spec.putObject("tracking").putObject("mlflow").put("uri", "http://x");
    Map<String, JsonNode> leaves = SpecLeaves.of(spec);
    assertThat(leaves.keySet())
        .containsExactly(
            "architectureRef.name",
            "hyperparameters.optimizer.learningRate",
            "dataset.augmentations");
  }

  @Test
  void numbersWrittenDifferentlyAreTheSameSetting() {
    ObjectNode a = Manifests.JSON.createObjectNode();
    a.putObject("hyperparameters").put("epochs", 10).put("learningRate", 0.001);
    ObjectNode b = Manifests.JSON.createObjectNode();
    b.putObject("hyperparameters").put("epochs", 10.0).put("learningRate", 1.0e-3);
    ObjectNode c = b.deepCopy();
    ((ObjectNode) c.get("hyperparameters")).put("seed", 1);
    assertThat(SpecLeaves.differing(List.of(SpecLeaves.of(a), SpecLeaves.of(b)))).isEmpty();
    assertThat(SpecLeaves.differing(List.of(SpecLeaves.of(a), SpecLeaves.of(c))))
        .containsExactly("hyperparameters.seed");
  }

  @Test
  void durationsReadAsKubectlShowsThem() {
    assertThat(CompareReport.duration(null)).isEqualTo("-");
    assertThat(CompareReport.duration(42L)).isEqualTo("42s");
    assertThat(CompareReport.duration(252L)).isEqualTo("4m12s");
    assertThat(CompareReport.duration(3 * 3600L + 5 * 60 + 9)).isEqualTo("3h05m");
  }

  @Test
  void aClusterRunGivesItsMetricsHistoryAndDuration() {
    TrainingRun run = new TrainingRun();
    run.setMetadata(new ObjectMetaBuilder().withName("r1").build());
    run.setSpec(new TrainingRunSpec());
    TrainingRunStatus status = new TrainingRunStatus();
    status.phase = "Running";
    status.startTime = "2025-01-01T10:00:00Z";
    status.gpuHours = 0.25;
    status.metrics = new RunMetrics();
    status.metrics.validationAccuracy = 0.9;
    status.metrics.bestEpoch = 3;
    HistoryPoint p = new HistoryPoint();
    p.epoch = 1;
    p.validationAccuracy = 0.8;
    status.history = List.of(p);
    run.setStatus(status);

    RunFacts facts = RunFacts.of(run, Instant.parse("2025-01-01T10:04:12Z"));
    assertThat(facts.durationSeconds()).isEqualTo(252L);
    assertThat(facts.metric("validationAccuracy")).isEqualTo(0.9);
    assertThat(facts.metrics()).containsOnlyKeys("validationAccuracy", "bestEpoch");
    assertThat(facts.history()).hasSize(1);
    assertThat(facts.gpuHours()).isEqualTo(0.25);

    status.completionTime = "2025-01-01T10:01:00Z";
    assertThat(RunFacts.of(run, Instant.parse("2025-02-01T00:00:00Z")).durationSeconds())
        .isEqualTo(60L);
    status.startTime = null;
    assertThat(RunFacts.of(run, Instant.now()).durationSeconds()).isNull();
    run.setStatus(null);
    assertThat(RunFacts.of(run, Instant.now()).phase()).isEqualTo("Pending");
  }

  @Test
  void theSnapshotIsTheRecordedConfigMapElseNamedFromTheGraphHash() {
    TrainingRun run = new TrainingRun();
    run.setMetadata(new ObjectMetaBuilder().withName("lenet-fmnist").build());
    assertThat(ClusterRuns.snapshotName(run)).isNull();
    run.setStatus(new TrainingRunStatus());
    run.getStatus().reproducibility = new Reproducibility();
    run.getStatus().reproducibility.architectureGraphHash = "sha256:0123456789abcdef";
    assertThat(ClusterRuns.snapshotName(run)).isEqualTo("lenet-fmnist-graph-0123456789");
    run.getStatus().reproducibility.architectureSnapshot = "recorded";
    assertThat(ClusterRuns.snapshotName(run)).isEqualTo("recorded");
  }

  @Test
  void aModelInputsNewShapeIsAChange() {
    ObjectNode a = TrainOutputs.architecture();
    ObjectNode b = TrainOutputs.architecture();
    ((ObjectNode) b.get("spec").get("inputs").get(0)).putArray("shape").add(1).add(8).add(8);
    List<ArchitectureDiff.Change> changes = ArchitectureDiff.between(a.get("spec"), b.get("spec"));
    assertThat(changes)
        .extracting(ArchitectureDiff.Change::text)
        .containsExactly("~ input pixels: shape [64] -> [1, 8, 8]");
  }

  @Test
  void aRunStoppedEarlySaysWhereInTheTableAndTheJson() {
    TrainingRun run = new TrainingRun();
    run.setMetadata(new ObjectMetaBuilder().withName("lr-3").build());
    run.setSpec(new TrainingRunSpec());
    run.getSpec().runPolicy = new io.neuralforge.api.v1alpha1.RunPolicy();
    run.getSpec().runPolicy.stop = new io.neuralforge.api.v1alpha1.RunStopRequest("hopeless");
    TrainingRunStatus status = new TrainingRunStatus();
    status.phase = "Succeeded";
    status.history = new java.util.ArrayList<>();
    for (int e = 1; e <= 2; e++) {
      HistoryPoint p = new HistoryPoint();
      p.epoch = e;
      p.validationAccuracy = 0.3;
      status.history.add(p);
    }
    var c = new io.fabric8.kubernetes.api.model.Condition();
    c.setType("Succeeded");
    c.setStatus("True");
    c.setReason("EarlyStopped");
    status.conditions = List.of(c);
    run.setStatus(status);
    RunFacts stopped = RunFacts.of(run, Instant.parse("2025-01-01T10:04:12Z"));
    assertThat(stopped.stoppedAtEpoch()).isEqualTo(2);
    CompareReport report =
        new CompareReport(
            List.of(stopped, facts("lr-1", Map.of("validationAccuracy", 0.9))),
            "validationAccuracy");
    assertThat(report.text()).contains("Succeeded, stopped at epoch 2");
    assertThat(report.json().toString()).contains("\"stoppedAtEpoch\":2");
  }
}
