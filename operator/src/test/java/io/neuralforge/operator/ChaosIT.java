package io.neuralforge.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.Kinds;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.OperatorProcess;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The operator as its own process, killed with SIGKILL again and again while objects of every kind
 * change: runs created, suspended, resumed and deleted, their Architecture edited, two sweeps
 * creating their runs (a grid, and a tpe search with early stopping), exports of runs; and the API
 * server restarted once. Afterwards every run has exactly one Job, owned by it; no startTime ever
 * moved; a suspended run's Job is suspended; each sweep has each of its runs once, none lost, none
 * extra, the tpe search's each with values of its own; an export has at most one Job; every status
 * describes its object's current generation.
 */
@RealCluster
class ChaosIT {
  private static final int ROUNDS = Integer.getInteger("neuralforge.chaosRounds", 8);
  private static final long SEED = Long.getLong("neuralforge.chaosSeed", 1130L);
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  @Test
  void killedOperatorsAndARestartedApiServerLeaveOneJobPerRunAndCurrentStatuses(
      ControlPlane plane, KubernetesClient client, TestNamespace ns) throws Exception {
    Random random = new Random(SEED);
    Cluster cluster = new Cluster(client, ns);
    assertThat(Cluster.CHANGED.stream().map(HasMetadata::getKind))
        .as("every kind is changed while the operator is killed")
        .containsExactlyInAnyOrderElementsOf(Kinds.ALL.stream().map(HasMetadata::getKind).toList());
    cluster.architecture(16);
    cluster.sweep();
    List<String> exports = new ArrayList<>();
    Map<String, String> startTimes = new HashMap<>();
    TreeSet<String> runs = new TreeSet<>();
    int created = 0;
    int actions = 0;
    Path logs = Files.createDirectories(Path.of("target", "chaos"));
    OperatorProcess operator = OperatorProcess.start(plane, logs.resolve("operator-0.log"));
    for (int round = 1; round <= ROUNDS; round++) {
      for (int a = 0; a < 4; a++, actions++) {
        int dice = random.nextInt(10);
        if (dice < 4 || runs.isEmpty()) {
          String name = "run-" + created++;
          cluster.createRun(name, random.nextInt(3) == 0);
          runs.add(name);
        } else if (dice < 7) {
          String name = pick(random, runs);
          cluster.suspend(name, random.nextBoolean());
        } else if (dice < 8) {
          String name = pick(random, runs);
          cluster.deleteRun(name);
          runs.remove(name);
          startTimes.remove(name);
        } else if (dice < 9) {
          String name = "export-" + exports.size();
          cluster.export(name, pick(random, runs));
          exports.add(name);
        } else {
          cluster.architecture(8 + random.nextInt(24));
        }
        Thread.sleep(random.nextInt(400));
      }
      operator.kill();
      if (round == ROUNDS / 2) {
        plane.restartApiServer();
      }
      cluster.recordStartTimes(runs, startTimes);
      operator = OperatorProcess.start(plane, logs.resolve("operator-" + round + ".log"));
    }

    try {
      await()
          .atMost(PATIENCE)
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                cluster.assertConverged(runs);
                cluster.assertSweepConverged();
                cluster.assertExportsConverged(exports);
              });
      cluster.recordStartTimes(runs, startTimes);
      for (String name : runs) {
        assertThat(cluster.run(name).getStatus().startTime)
            .as("%s: startTime", name)
            .isEqualTo(startTimes.get(name));
      }
    } finally {
      operator.kill();
    }
    System.out.printf(
        "chaos: %d rounds, %d operator kills, 1 API server restart, %d actions, %d runs left, a"
            + " grid and a tpe sweep of %d runs each, %d exports%n",
        ROUNDS, ROUNDS + 1, actions, runs.size(), Cluster.SWEEP_RUNS, exports.size());
  }

  private static String pick(Random random, TreeSet<String> names) {
    return new ArrayList<>(names).get(random.nextInt(names.size()));
  }

  /** The test's side of the cluster: every call retried while the API server restarts. */
  private record Cluster(KubernetesClient client, TestNamespace ns) {
    /** The kinds this test changes while the operator is killed. */
    static final List<Class<? extends HasMetadata>> CHANGED =
        List.of(Architecture.class, TrainingRun.class, TrainingSweep.class, ModelExport.class);

    static final String SWEEP = "chaos-sweep";
    static final String TPE_SWEEP = "chaos-tpe";
    static final int SWEEP_RUNS = 6;

    /**
     * Two sweeps of six runs, two at a time, each run of which the kwok node completes at once: a
     * grid, and a tpe search that stops runs early.
     */
    void sweep() throws Exception {
      sweep(
          SWEEP,
          """
          parameters:
          - {path: hyperparameters.epochs, values: [1, 2, 3]}
          - {path: hyperparameters.batchSize, values: [16, 32]}
          algorithm: grid
          """);
      sweep(
          TPE_SWEEP,
          """
          parameters:
          - {path: hyperparameters.optimizer.learningRate, range: {min: 1.0e-4, max: 1.0, scale: log}}
          - {path: hyperparameters.batchSize, values: [16, 32]}
          algorithm: tpe
          earlyStopping: {type: median, minEpochs: 1, minFinishedRuns: 1}
          """);
    }

    private void sweep(String name, String search) throws Exception {
      TrainingSweep sweep =
          TestManifests.parse(
              client,
              """
              apiVersion: neuralforge.io/v1alpha1
              kind: TrainingSweep
              metadata: {name: %s, namespace: %s}
              spec:
                template:
                  architectureRef: {name: chaos}
                  dataset: {builtin: iris}
                  resources: {cpu: 100m, memory: 64Mi}
                  pod:
                    annotations: {neuralforge.io/kwok-outcome: succeed}
                    nodeSelector: {kubernetes.io/hostname: cpu-0}
                    tolerations: [{key: kwok.x-k8s.io/node, operator: Exists, effect: NoSchedule}]
                maxRuns: %d
                parallelRuns: 2
                objective: {metric: validationAccuracy, goal: maximize}
              %s"""
                  .formatted(name, ns.name(), SWEEP_RUNS, search.indent(2)),
              TrainingSweep.class);
      retried(() -> client.resource(sweep).create());
    }

    void export(String name, String run) throws Exception {
      ModelExport export =
          TestManifests.parse(
              client,
              """
              apiVersion: neuralforge.io/v1alpha1
              kind: ModelExport
              metadata: {name: %s, namespace: %s}
              spec: {trainingRunRef: {name: %s}}
              """
                  .formatted(name, ns.name(), run),
              ModelExport.class);
      retried(() -> client.resource(export).create());
    }

    /**
     * Each sweep's runs are its indices, each once and owned by it; its status is current; the tpe
     * search's runs each have values of their own.
     */
    void assertSweepConverged() throws Exception {
      assertSweepConverged(SWEEP);
      assertSweepConverged(TPE_SWEEP);
      assertThat(
              sweepRuns(TPE_SWEEP).stream()
                  .map(
                      r ->
                          r.getSpec().hyperparameters.optimizer.learningRate
                              + "/"
                              + r.getSpec().hyperparameters.batchSize)
                  .distinct())
          .as("the tpe search's values, run by run")
          .hasSize(SWEEP_RUNS);
    }

    private void assertSweepConverged(String name) throws Exception {
      TrainingSweep sweep =
          retried(
              () ->
                  client
                      .resources(TrainingSweep.class)
                      .inNamespace(ns.name())
                      .withName(name)
                      .get());
      List<TrainingRun> own = sweepRuns(name);
      assertThat(own.stream().map(r -> r.getMetadata().getName()))
          .as("the sweep's runs")
          .containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, SWEEP_RUNS).mapToObj(i -> name + "-" + i).toList());
      assertThat(own)
          .allSatisfy(
              r ->
                  assertThat(r.getMetadata().getOwnerReferences().get(0).getUid())
                      .isEqualTo(sweep.getMetadata().getUid()));
      assertThat(sweep.getStatus().observedGeneration)
          .isEqualTo(sweep.getMetadata().getGeneration());
      assertThat(sweep.getStatus().runs.created).as("runs the sweep counts").isEqualTo(SWEEP_RUNS);
    }

    /** An export has at most one Job, and a status of its current generation. */
    void assertExportsConverged(List<String> exports) throws Exception {
      for (String name : exports) {
        ModelExport export =
            retried(
                () ->
                    client
                        .resources(ModelExport.class)
                        .inNamespace(ns.name())
                        .withName(name)
                        .get());
        assertThat(export.getStatus()).as(name).isNotNull();
        assertThat(export.getStatus().observedGeneration)
            .as("%s: status generation", name)
            .isEqualTo(export.getMetadata().getGeneration());
        assertThat(
                client
                    .batch()
                    .v1()
                    .jobs()
                    .inNamespace(ns.name())
                    .withLabel(Labels.MODEL_EXPORT, name)
                    .list()
                    .getItems())
            .as("%s: its Jobs", name)
            .hasSizeLessThanOrEqualTo(1);
      }
    }

    List<TrainingRun> sweepRuns(String name) throws Exception {
      return retried(
          () ->
              client
                  .resources(TrainingRun.class)
                  .inNamespace(ns.name())
                  .withLabel(Labels.SWEEP, name)
                  .list()
                  .getItems());
    }

    void architecture(int hidden) throws Exception {
      Architecture a =
          TestManifests.parse(
              client,
              """
              apiVersion: neuralforge.io/v1alpha1
              kind: Architecture
              metadata: {name: chaos, namespace: %s}
              spec:
                inputs: [{name: x, shape: [4]}]
                nodes:
                - {id: hidden, type: Linear, inputs: [x], params: {outFeatures: %d}}
                - {id: out, type: Linear, inputs: [hidden], params: {outFeatures: 3}}
                outputs: [out]
              """
                  .formatted(ns.name(), hidden),
              Architecture.class);
      retried(() -> client.resource(a).serverSideApply());
    }

    void createRun(String name, boolean suspended) throws Exception {
      TrainingRun run =
          TestManifests.parse(
              client,
              """
              apiVersion: neuralforge.io/v1alpha1
              kind: TrainingRun
              metadata: {name: %s, namespace: %s}
              spec:
                architectureRef: {name: chaos}
                dataset: {builtin: iris}
                hyperparameters: {epochs: 1}
                resources: {cpu: 100m, memory: 64Mi}
                runPolicy: {suspend: %s}
                pod:
                  annotations: {neuralforge.io/kwok-outcome: run}
                  nodeSelector: {kubernetes.io/hostname: cpu-0}
                  tolerations: [{key: kwok.x-k8s.io/node, operator: Exists, effect: NoSchedule}]
              """
                  .formatted(name, ns.name(), suspended),
              TrainingRun.class);
      retried(() -> client.resource(run).create());
    }

    void suspend(String name, boolean suspended) throws Exception {
      retried(
          () ->
              client
                  .resources(TrainingRun.class)
                  .inNamespace(ns.name())
                  .withName(name)
                  .edit(
                      r -> {
                        r.getSpec().runPolicy.suspend = suspended;
                        return r;
                      }));
    }

    void deleteRun(String name) throws Exception {
      retried(
          () -> client.resources(TrainingRun.class).inNamespace(ns.name()).withName(name).delete());
    }

    TrainingRun run(String name) throws Exception {
      return retried(
          () -> client.resources(TrainingRun.class).inNamespace(ns.name()).withName(name).get());
    }

    /** The first startTime seen of each run; a later different one fails the test at once. */
    void recordStartTimes(TreeSet<String> runs, Map<String, String> startTimes) throws Exception {
      for (String name : runs) {
        TrainingRun run = run(name);
        String now = run == null || run.getStatus() == null ? null : run.getStatus().startTime;
        if (now == null) {
          continue;
        }
        String before = startTimes.putIfAbsent(name, now);
        assertThat(now).as("%s: startTime moved", name).isEqualTo(before == null ? now : before);
      }
    }

    void assertConverged(TreeSet<String> runs) throws Exception {
      Architecture architecture =
          client.resources(Architecture.class).inNamespace(ns.name()).withName("chaos").get();
      assertThat(architecture.getStatus().observedGeneration)
          .as("Architecture status generation")
          .isEqualTo(architecture.getMetadata().getGeneration());
      List<Job> jobs =
          client
              .batch()
              .v1()
              .jobs()
              .inNamespace(ns.name())
              .withLabel(Labels.TRAINING_RUN)
              .list()
              .getItems();
      for (String name : runs) {
        TrainingRun run = run(name);
        assertThat(run.getStatus()).as(name).isNotNull();
        assertThat(run.getStatus().observedGeneration)
            .as("%s: status generation", name)
            .isEqualTo(run.getMetadata().getGeneration());
        List<Job> own =
            jobs.stream()
                .filter(j -> name.equals(j.getMetadata().getLabels().get(Labels.TRAINING_RUN)))
                .toList();
        assertThat(own).as("%s: its Jobs", name).hasSize(1);
        Job job = own.get(0);
        OwnerReference owner = job.getMetadata().getOwnerReferences().get(0);
        assertThat(owner.getUid())
            .as("%s: its Job's owner", name)
            .isEqualTo(run.getMetadata().getUid());
        assertThat(owner.getController()).isTrue();
        boolean suspended = Boolean.TRUE.equals(run.getSpec().runPolicy.suspend);
        assertThat(Boolean.TRUE.equals(job.getSpec().getSuspend()))
            .as("%s: Job suspended as the run asks", name)
            .isEqualTo(suspended);
        if (suspended) {
          assertThat(run.getStatus().phase).as("%s: phase", name).isEqualTo("Suspended");
        }
        assertThat(run.getStatus().startTime).as("%s: startTime", name).isNotNull();
      }
      TreeSet<String> live = new TreeSet<>(runs);
      sweepRuns(SWEEP).forEach(r -> live.add(r.getMetadata().getName()));
      sweepRuns(TPE_SWEEP).forEach(r -> live.add(r.getMetadata().getName()));
      assertThat(jobs)
          .as("Jobs of deleted runs are collected")
          .allSatisfy(
              j -> assertThat(live).contains(j.getMetadata().getLabels().get(Labels.TRAINING_RUN)));
    }

    private static <T> T retried(Callable<T> call) throws Exception {
      return await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(call, r -> true);
    }
  }
}
