package io.neuralforge.operator.trainingsweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neuralforge.api.v1alpha1.ConditionTypes;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.SweepResult;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.testing.WithOperator;
import io.neuralforge.operator.trainingrun.objects.RunNames;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sweeps on the test cluster: a grid that trains every run for real on the real node, never more
 * than parallelRuns at once, and ranks them as their own metrics say; a random sweep inside its
 * ranges; parameters the API server or the operator refuse.
 */
@RealCluster
@WithOperator
class TrainingSweepIT {
  private static final Duration TRAINING = Duration.ofMinutes(10);
  private static final Duration SHORT = Duration.ofMinutes(1);
  private static KubernetesClient client;

  @BeforeAll
  static void client(KubernetesClient kubernetes) {
    client = kubernetes;
  }

  private static List<TrainingRun> runsOf(TestNamespace ns, String sweep) {
    return client
        .resources(TrainingRun.class)
        .inNamespace(ns.name())
        .withLabel(Labels.SWEEP, sweep)
        .list()
        .getItems();
  }

  @Test
  void aGridOfLearningRatesAndArchitecturesTrainsEveryRunAndRanksThemByTheirMetrics(
      ControlPlane plane, TestNamespace ns) throws InterruptedException {
    TestManifests.createExample(plane, ns, "architectures/mlp-digits.yaml");
    TestManifests.createExample(plane, ns, "architectures/mlp-digits-narrow.yaml");
    AtomicInteger mostUnfinished = new AtomicInteger();
    ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
    watch.scheduleWithFixedDelay(
        () -> {
          long unfinished =
              runsOf(ns, "digits-mlp").stream()
                  .filter(r -> r.getStatus() == null || !Phases.isTerminal(r.getStatus().phase))
                  .count();
          mostUnfinished.accumulateAndGet((int) unfinished, Math::max);
        },
        0,
        100,
        TimeUnit.MILLISECONDS);
    try {
      TestManifests.createExample(plane, ns, "trainingsweeps/digits-mlp-sweep.yaml");
      TrainingSweep done =
          Await.phase(
              client,
              TrainingSweep.class,
              ns,
              "digits-mlp",
              s -> s.phase,
              Phases.SUCCEEDED,
              TRAINING);
      assertThat(mostUnfinished.get()).as("runs unfinished at once").isBetween(1, 2);

      List<TrainingRun> runs = runsOf(ns, "digits-mlp");
      assertThat(runs).hasSize(4);
      for (TrainingRun run : runs) {
        assertThat(run.getStatus().phase).isEqualTo(Phases.SUCCEEDED);
        assertThat(run.getStatus().nodeName).as("trained on the real node").isEqualTo("real-0");
        assertThat(run.getStatus().history).as("one point per epoch").hasSize(3);
        assertThat(run.getStatus().history.get(2).validationAccuracy).isNotNull();
        assertThat(run.getMetadata().getOwnerReferences().get(0).getUid())
            .isEqualTo(done.getMetadata().getUid());
      }
      // grid order: the learning rate (first parameter) varies slowest
      TrainingRun second =
          runs.stream()
              .filter(r -> r.getMetadata().getName().equals("digits-mlp-1"))
              .findFirst()
              .orElseThrow();
      assertThat(second.getSpec().hyperparameters.optimizer.learningRate).isEqualTo(0.01);
      assertThat(second.getSpec().architectureRef.name).isEqualTo("mlp-digits-narrow");

      // the leaderboard is the runs' own metrics, best first
      List<String> byAccuracy =
          runs.stream()
              .sorted(
                  Comparator.comparing((TrainingRun r) -> r.getStatus().metrics.validationAccuracy)
                      .reversed()
                      .thenComparing(r -> r.getMetadata().getName()))
              .map(r -> r.getMetadata().getName())
              .toList();
      assertThat(done.getStatus().leaderboard.stream().map(r -> r.run).toList())
          .isEqualTo(byAccuracy);
      for (SweepResult entry : done.getStatus().leaderboard) {
        TrainingRun run =
            runs.stream()
                .filter(r -> r.getMetadata().getName().equals(entry.run))
                .findFirst()
                .orElseThrow();
        assertThat(entry.value).isEqualTo(run.getStatus().metrics.validationAccuracy);
        assertThat(entry.parameters.get("architectureRef.name").asText())
            .isEqualTo(run.getSpec().architectureRef.name);
        assertThat(entry.parameters.get("hyperparameters.optimizer.learningRate").asDouble())
            .isEqualTo(run.getSpec().hyperparameters.optimizer.learningRate);
      }
      assertThat(done.getStatus().best.run).isEqualTo(byAccuracy.get(0));
      assertThat(done.getStatus().runs.succeeded).isEqualTo(4);
      assertThat(done.getStatus().figures.runs).isEqualTo("4/4");
    } finally {
      watch.shutdownNow();
    }

    // raising maxRuns past the grid's size changes nothing; deleting the sweep deletes its runs
    client.resources(TrainingSweep.class).inNamespace(ns.name()).withName("digits-mlp").delete();
    await().atMost(SHORT).untilAsserted(() -> assertThat(runsOf(ns, "digits-mlp")).isEmpty());
  }

  @Test
  void aRandomSweepDrawsInsideItsRangesAndCanBeStoppedEarly(TestNamespace ns) {
    TestManifests.create(
        client,
        TrainingSweep.class,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingSweep
        metadata: {name: lr-search, namespace: %s}
        spec:
          template:
            architectureRef: {name: absent}
            dataset: {builtin: digits}
            runPolicy: {suspend: true}
          parameters:
          - {path: hyperparameters.optimizer.learningRate, range: {min: 1.0e-4, max: 1.0e-1, scale: log}}
          - {path: hyperparameters.batchSize, range: {min: 16, max: 64}}
          - {path: hyperparameters.optimizer.type, values: [Adam, SGD]}
          algorithm: random
          maxRuns: 12
          parallelRuns: 6
          seed: 5
        """,
        ns.name());
    await().atMost(SHORT).untilAsserted(() -> assertThat(runsOf(ns, "lr-search")).hasSize(6));
    for (TrainingRun run : runsOf(ns, "lr-search")) {
      double lr = run.getSpec().hyperparameters.optimizer.learningRate;
      assertThat(lr).isBetween(1e-4, 1e-1);
      assertThat(run.getSpec().hyperparameters.batchSize).isBetween(16, 64);
      assertThat(run.getSpec().hyperparameters.optimizer.type.name()).isIn("Adam", "SGD");
      assertThat(run.getSpec().runPolicy.suspend).isTrue();
    }
    TrainingSweep sweep =
        client.resources(TrainingSweep.class).inNamespace(ns.name()).withName("lr-search").get();
    assertThat(sweep.getStatus().phase).isEqualTo(Phases.RUNNING);
    assertThat(sweep.getStatus().runs.created).isEqualTo(6);

    // the search itself is fixed once runs exist; how far it goes is not
    assertThatThrownBy(
            () ->
                client
                    .resources(TrainingSweep.class)
                    .inNamespace(ns.name())
                    .withName("lr-search")
                    .edit(
                        s -> {
                          s.getSpec().seed = 6L;
                          return s;
                        }))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec is immutable once the sweep's first run exists");
    client
        .resources(TrainingSweep.class)
        .inNamespace(ns.name())
        .withName("lr-search")
        .edit(
            s -> {
              s.getSpec().maxRuns = 3;
              return s;
            });
    await()
        .atMost(SHORT)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .resources(TrainingSweep.class)
                            .inNamespace(ns.name())
                            .withName("lr-search")
                            .get()
                            .getStatus()
                            .figures
                            .runs)
                    .isEqualTo("0/3"));
    assertThat(runsOf(ns, "lr-search")).hasSize(6); // started runs are left to finish
  }

  @Test
  void aPathTheTemplateCannotTakeIsRefusedAtApplyAndABadValueFailsTheSweep(TestNamespace ns) {
    String sweep =
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingSweep
        metadata: {name: %s, namespace: %s}
        spec:
          template: {architectureRef: {name: absent}, dataset: {builtin: digits}}
          parameters: [%s]
        """;
    assertThatThrownBy(
            () ->
                TestManifests.create(
                    client,
                    TrainingSweep.class,
                    sweep,
                    "typo",
                    ns.name(),
                    "{path: hyperparameters.optimiser.learningRate, values: [0.1]}"))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.parameters[0].path")
        .hasMessageContaining("Unsupported value");
    assertThatThrownBy(
            () ->
                TestManifests.create(
                    client,
                    TrainingSweep.class,
                    sweep,
                    "text-range",
                    ns.name(),
                    "{path: hyperparameters.optimizer.type, range: {min: 1, max: 2}}"))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("a range needs a numeric path");
    // values take any JSON value, which the schema cannot check: the operator offers each one to
    // the API server in a run first, and fails the sweep on what a TrainingRun may not have
    TestManifests.create(
        client,
        TrainingSweep.class,
        sweep,
        "strings",
        ns.name(),
        "{path: hyperparameters.batchSize, values: [big]}");
    TrainingSweep words =
        Await.phase(client, TrainingSweep.class, ns, "strings", s -> s.phase, Phases.FAILED, SHORT);
    assertThat(words.getStatus().conditions.get(2).getMessage())
        .startsWith("hyperparameters.batchSize: ");
    TestManifests.create(
        client,
        TrainingSweep.class,
        sweep,
        "zero-batch",
        ns.name(),
        "{path: hyperparameters.batchSize, values: [32, 0]}");
    TrainingSweep failed =
        Await.phase(
            client, TrainingSweep.class, ns, "zero-batch", s -> s.phase, Phases.FAILED, SHORT);
    var condition =
        failed.getStatus().conditions.stream()
            .filter(c -> c.getType().equals("Failed"))
            .findFirst()
            .orElseThrow();
    assertThat(condition.getReason()).isEqualTo("InvalidParameter");
    assertThat(condition.getMessage()).contains("hyperparameters.batchSize").contains("0");
    assertThat(runsOf(ns, "zero-batch")).isEmpty();
  }

  private static String failedReason(TrainingSweep sweep) {
    return sweep.getStatus().conditions.stream()
        .filter(c -> c.getType().equals(ConditionTypes.FAILED))
        .findFirst()
        .orElseThrow()
        .getReason();
  }

  /**
   * Issue 28: a sweep's runs wait in its Kueue queue (their Jobs start suspended; no Kueue needed
   * to see that), a sweep whose runs' names cannot be label values fails before any run, and a
   * tenant's run of a sweep run's name is never adopted.
   */
  @Test
  void aSweepKeepsToTheClustersRules(TestNamespace ns) {
    TestManifests.createLinear(client, ns, "linear");
    String sweep =
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingSweep
        metadata: {name: %s, namespace: %s, labels: {kueue.x-k8s.io/queue-name: nowhere}}
        spec:
          template: {architectureRef: {name: linear}, dataset: {builtin: iris}}
          parameters: [{path: hyperparameters.batchSize, values: [8, 16]}]
          parallelRuns: 2
        """;
    TestManifests.create(client, TrainingSweep.class, sweep, "queued", ns.name());
    TrainingRun first =
        Await.until(client, TrainingRun.class, ns, "queued-0", r -> r.getStatus() != null, SHORT);
    assertThat(first.getMetadata().getLabels()).containsEntry(Labels.KUEUE_QUEUE, "nowhere");
    Job job =
        await()
            .atMost(SHORT)
            .until(
                () ->
                    client
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(ns.name())
                        .withName(RunNames.job(first))
                        .get(),
                j -> j != null);
    assertThat(job.getMetadata().getLabels()).containsEntry(Labels.KUEUE_QUEUE, "nowhere");
    assertThat(job.getSpec().getSuspend()).as("waits for Kueue to admit it").isTrue();

    String tooLong = "n".repeat(62);
    TestManifests.create(client, TrainingSweep.class, sweep, tooLong, ns.name());
    TrainingSweep named =
        Await.phase(client, TrainingSweep.class, ns, tooLong, s -> s.phase, Phases.FAILED, SHORT);
    assertThat(failedReason(named)).isEqualTo(Reasons.NAME_TOO_LONG);
    assertThat(runsOf(ns, tooLong)).isEmpty();

    TestManifests.create(
        client,
        TrainingRun.class,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingRun
        metadata: {name: taken-0, namespace: %s}
        spec: {architectureRef: {name: linear}, dataset: {builtin: iris}}
        """,
        ns.name());
    TestManifests.create(client, TrainingSweep.class, sweep, "taken", ns.name());
    TrainingSweep taken =
        Await.phase(client, TrainingSweep.class, ns, "taken", s -> s.phase, Phases.FAILED, SHORT);
    assertThat(failedReason(taken)).isEqualTo(Reasons.RUN_NAME_TAKEN);
    assertThat(taken.getStatus().runs.created).isZero();
    TrainingRun tenants =
        client.resources(TrainingRun.class).inNamespace(ns.name()).withName("taken-0").get();
    assertThat(tenants.getMetadata().getOwnerReferences())
        .as("left as the tenant made it")
        .isEmpty();
  }
}
