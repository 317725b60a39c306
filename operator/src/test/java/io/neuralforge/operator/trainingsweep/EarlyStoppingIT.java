package io.neuralforge.operator.trainingsweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.api.v1alpha1.EarlyStoppingType;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.SweepAlgorithm;
import io.neuralforge.api.v1alpha1.SweepEarlyStopping;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.OperatorProcess;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.trainingrun.reading.RunEpochs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Early stopping and TPE on the real node, the operator in a process of its own: the digits
 * learning-rate sweep of examples/ (6 runs of 8 epochs, 2 at a time) without early stopping, then
 * with the median rule, then with asha. The hopeless runs stop by epoch 3, the best run is the one
 * the full sweep finds, the epochs trained drop by at least 40%. Then a tpe sweep whose operator is
 * killed between its runs finishes with each of its runs once, each with values of its own.
 */
@RealCluster
class EarlyStoppingIT {
  private static final Duration SWEEP = Duration.ofMinutes(12);
  private static final String LR = "hyperparameters.optimizer.learningRate";

  /**
   * @param stoppedAt each stopped run's learning rate and the epoch it stopped at
   * @param values each run's learning rate and its validation accuracy
   */
  private record Outcome(
      String sweep,
      int epochs,
      int stopped,
      int saved,
      String bestLearningRate,
      Map<Double, Integer> stoppedAt,
      Map<Double, Double> values) {}

  @Test
  void hopelessRunsStopByEpochThreeTheBestStaysAndTheEpochsTrainedDrop(
      ControlPlane plane, KubernetesClient client, TestNamespace ns) throws Exception {
    TestManifests.createExample(plane, ns, "architectures/mlp-digits.yaml");
    Path logs = Files.createDirectories(Path.of("target", "early-stopping"));
    OperatorProcess operator = OperatorProcess.start(plane, logs.resolve("operator.log"));
    try {
      Outcome full = sweep(plane, client, ns, "lr-full", null);
      Outcome median = sweep(plane, client, ns, "lr-median", EarlyStoppingType.median);
      Outcome asha = sweep(plane, client, ns, "lr-asha", EarlyStoppingType.asha);
      for (Outcome o : List.of(full, median, asha)) {
        System.out.printf(
            "early stopping: %-9s %2d epochs trained of 48 (%3.0f%% fewer), %d runs stopped"
                + " (learning rate=epoch %s), %2d epochs saved, best learning rate %s%n",
            o.sweep(),
            o.epochs(),
            100.0 * (48 - o.epochs()) / 48,
            o.stopped(),
            new TreeMap<>(o.stoppedAt()),
            o.saved(),
            o.bestLearningRate());
      }
      System.out.printf(
          "early stopping: the full sweep's accuracies %s%n", new TreeMap<>(full.values()));
      // the hopeless: the four learning rates the full sweep ranks last
      List<Double> hopeless =
          full.values().entrySet().stream()
              .sorted(Map.Entry.comparingByValue())
              .limit(4)
              .map(Map.Entry::getKey)
              .toList();
      assertThat(full.stopped()).isZero();
      assertThat(full.epochs()).isEqualTo(48);
      for (Outcome o : List.of(median, asha)) {
        for (double rate : hopeless) {
          assertThat(o.stoppedAt().get(rate))
              .as("%s: learning rate %s stopped by epoch 3", o.sweep(), rate)
              .isNotNull()
              .isLessThanOrEqualTo(3);
        }
        assertThat(o.bestLearningRate())
            .as("%s: the best run is the full sweep's", o.sweep())
            .isEqualTo(full.bestLearningRate());
        assertThat(o.saved()).as("%s: epochs saved", o.sweep()).isEqualTo(48 - o.epochs());
        assertThat(o.epochs())
            .as("%s: epochs trained, at least 40%% fewer than 48", o.sweep())
            .isLessThanOrEqualTo(28);
      }
    } finally {
      operator.kill();
    }
  }

  /** The example sweep as {@code name}, with {@code rule} (none: trains every run to its end). */
  private static Outcome sweep(
      ControlPlane plane,
      KubernetesClient client,
      TestNamespace ns,
      String name,
      EarlyStoppingType rule) {
    TrainingSweep sweep =
        TestManifests.example(
            plane, "trainingsweeps/digits-lr-early-stopping.yaml", TrainingSweep.class);
    sweep.getMetadata().setName(name);
    sweep.getMetadata().setNamespace(ns.name());
    if (rule == null) {
      sweep.getSpec().earlyStopping = null;
    } else if (rule == EarlyStoppingType.asha) {
      sweep.getSpec().earlyStopping = new SweepEarlyStopping();
      sweep.getSpec().earlyStopping.type = EarlyStoppingType.asha;
      sweep.getSpec().earlyStopping.minEpochs = 2;
      sweep.getSpec().earlyStopping.reductionFactor = 3;
    }
    client.resource(sweep).create();
    TrainingSweep done =
        Await.phase(client, TrainingSweep.class, ns, name, s -> s.phase, Phases.SUCCEEDED, SWEEP);
    List<TrainingRun> runs =
        client
            .resources(TrainingRun.class)
            .inNamespace(ns.name())
            .withLabel(io.neuralforge.api.v1alpha1.Labels.SWEEP, name)
            .list()
            .getItems();
    assertThat(runs).as("%s: runs", name).hasSize(6);
    int epochs = 0;
    Map<Double, Integer> stops = new HashMap<>();
    Map<Double, Double> values = new HashMap<>();
    int stopped = 0;
    for (TrainingRun run : runs) {
      assertThat(run.getStatus().phase).as(run.getMetadata().getName()).isEqualTo(Phases.SUCCEEDED);
      epochs += RunEpochs.trained(run);
      double rate = run.getSpec().hyperparameters.optimizer.learningRate;
      values.put(rate, run.getStatus().metrics.validationAccuracy);
      if (RunEpochs.stoppedEarly(run)) {
        stopped++;
        int at = RunEpochs.trained(run);
        assertThat(at)
            .as("%s stopped at an epoch its rule judges", run.getMetadata().getName())
            .isIn(rule == EarlyStoppingType.asha ? List.of(2, 6) : List.of(2, 3, 4, 5, 6, 7));
        var condition =
            run.getStatus().conditions.stream()
                .filter(c -> Reasons.EARLY_STOPPED.equals(c.getReason()))
                .findFirst()
                .orElseThrow();
        assertThat(condition.getMessage())
            .as("the rule and its numbers")
            .contains("validationAccuracy")
            .contains("at epoch");
        assertThat(run.getStatus().metrics.bestEpoch)
            .as("%s: its best epoch's model is kept", run.getMetadata().getName())
            .isBetween(1, at);
        stops.put(rate, at);
      } else {
        assertThat(RunEpochs.trained(run)).isEqualTo(8);
      }
    }
    assertThat(done.getStatus().runs.stopped).isEqualTo(stopped);
    assertThat(done.getStatus().leaderboard.stream().filter(r -> r.stoppedAtEpoch != null))
        .hasSize(stopped);
    int saved =
        done.getStatus().figures.epochsSaved == null ? 0 : done.getStatus().figures.epochsSaved;
    JsonNode best = done.getStatus().best.parameters.get(LR);
    if (rule != null) {
      assertThat(
              client.v1().events().inNamespace(ns.name()).list().getItems().stream()
                  .filter(e -> Reasons.RUN_STOPPED.equals(e.getReason()))
                  .filter(e -> name.equals(e.getInvolvedObject().getName())))
          .as("%s: an event per stopped run", name)
          .hasSize(stopped);
    }
    return new Outcome(name, epochs, stopped, saved, best.asText(), stops, values);
  }

  @Test
  void aTpeSweepWhoseOperatorIsKilledBetweenItsRunsGoesOnWithEachRunOnceAndDistinctValues(
      ControlPlane plane, KubernetesClient client, TestNamespace ns) throws Exception {
    TestManifests.createExample(plane, ns, "architectures/mlp-digits.yaml");
    TrainingSweep sweep =
        TestManifests.example(plane, "trainingsweeps/digits-lr-tpe.yaml", TrainingSweep.class);
    sweep.getMetadata().setName("lr-tpe");
    sweep.getMetadata().setNamespace(ns.name());
    sweep.getSpec().maxRuns = 3;
    sweep.getSpec().parallelRuns = 1;
    sweep.getSpec().template.hyperparameters.epochs = 2;
    sweep.getSpec().earlyStopping = null;
    assertThat(sweep.getSpec().algorithm).isEqualTo(SweepAlgorithm.tpe);
    Path logs = Files.createDirectories(Path.of("target", "early-stopping"));
    OperatorProcess operator = OperatorProcess.start(plane, logs.resolve("tpe-0.log"));
    try {
      sweep = client.resource(sweep).create(); // with the schema's defaults (seed, goal)
      Await.phase(client, TrainingRun.class, ns, "lr-tpe-0", s -> s.phase, Phases.SUCCEEDED, SWEEP);
      operator.kill(); // between run 0 and run 1
      operator = OperatorProcess.start(plane, logs.resolve("tpe-1.log"));
      TrainingSweep done =
          Await.phase(
              client, TrainingSweep.class, ns, "lr-tpe", s -> s.phase, Phases.SUCCEEDED, SWEEP);
      List<TrainingRun> runs =
          client
              .resources(TrainingRun.class)
              .inNamespace(ns.name())
              .withLabel(io.neuralforge.api.v1alpha1.Labels.SWEEP, "lr-tpe")
              .list()
              .getItems();
      assertThat(runs.stream().map(r -> r.getMetadata().getName()))
          .containsExactlyInAnyOrder("lr-tpe-0", "lr-tpe-1", "lr-tpe-2");
      Set<Double> rates = new HashSet<>();
      for (TrainingRun run : runs) {
        rates.add(run.getSpec().hyperparameters.optimizer.learningRate);
        int index = SweepRuns.index(run).orElseThrow();
        // a tpe search's first runs are its seed's random draws: the same, restarted or not
        Map<String, JsonNode> expected =
            new TpeSampler(
                    sweep.getSpec().parameters,
                    sweep.getSpec().seed,
                    sweep.getSpec().objective.goal)
                .suggest(index, List.of(), List.of());
        assertThat(run.getSpec().hyperparameters.optimizer.learningRate)
            .as("%s: its values", run.getMetadata().getName())
            .isEqualTo(expected.get(LR).asDouble());
      }
      assertThat(rates).as("distinct values").hasSize(3);
      assertThat(done.getStatus().runs.created).isEqualTo(3);
    } finally {
      operator.kill();
    }
  }
}
