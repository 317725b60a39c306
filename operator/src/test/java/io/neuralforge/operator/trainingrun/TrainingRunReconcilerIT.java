package io.neuralforge.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.Operator;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.testing.TestOperator;
import io.neuralforge.operator.testing.TrainerPods;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TrainingRuns against the real API server, controller-manager (Job controller, garbage collector)
 * and kube-scheduler, with kwok playing the GPU nodes' kubelets: placement, queueing on a full
 * node, retries, immutability of the snapshot, an operator restart.
 */
@RealCluster
class TrainingRunReconcilerIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static KubernetesClient client;
  private static Operator operator;

  /** The running operator's metrics (a restarted operator gets a fresh registry). */
  private static PrometheusRegistry registry;

  @BeforeAll
  static void startOperator(KubernetesClient kubernetes) {
    client = kubernetes;
    operator = startedOperator();
  }

  private static Operator startedOperator() {
    registry = new PrometheusRegistry();
    return TestOperator.start(client, registry);
  }

  @AfterAll
  static void stopOperator() {
    operator.stop();
  }

  private static void lenet(ControlPlane plane, TestNamespace ns) {
    TestManifests.createExample(plane, ns, "architectures/lenet-bn.yaml");
  }

  /**
   * A short Fashion-MNIST run whose pod kwok plays (run, fail, or succeed, by annotation): a GPU
   * run on kwok's GPU nodes, a CPU run pinned to kwok's tainted CPU node instead of the real one.
   */
  private static TrainingRun run(TestNamespace ns, String name, String gpu, String outcome) {
    return runAnnotated(ns, name, gpu, "neuralforge.io/kwok-outcome: " + outcome);
  }

  private static TrainingRun runAnnotated(
      TestNamespace ns, String name, String gpu, String podAnnotations) {
    return client.resource(manifest(ns, name, gpu, podAnnotations)).create();
  }

  private static TrainingRun manifest(
      TestNamespace ns, String name, String gpu, String podAnnotations) {
    String yaml =
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingRun
        metadata: {name: %s, namespace: %s}
        spec:
          architectureRef: {name: lenet-bn}
          dataset: {builtin: fashion-mnist}
          hyperparameters: {epochs: 1}
          resources: {gpu: {type: %s, count: 1}, cpu: "2", memory: 4Gi}
          runPolicy: {backoffLimit: 1}
          pod: {annotations: {%s}%s}
        """
            .formatted(name, ns.name(), gpu, podAnnotations, "none".equals(gpu) ? ON_KWOK_CPU : "");
    return TestManifests.parse(client, yaml, TrainingRun.class);
  }

  private static final String ON_KWOK_CPU =
      ", nodeSelector: {kubernetes.io/hostname: cpu-0},"
          + " tolerations: [{key: kwok.x-k8s.io/node, operator: Exists, effect: NoSchedule}]";

  private static Resource<TrainingRun> resource(TestNamespace ns, String name) {
    return client.resources(TrainingRun.class).inNamespace(ns.name()).withName(name);
  }

  /** The trainer Jobs of a run (one at most, while it has one). */
  private static List<Job> jobsOf(TestNamespace ns, String run) {
    return client
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns.name())
        .withLabel(Labels.TRAINING_RUN, run)
        .list()
        .getItems();
  }

  /**
   * Changes a label of the run, which makes the operator reconcile it again: a merge patch without
   * a resourceVersion, so that a status the operator writes meanwhile is no conflict.
   */
  private static void touch(TestNamespace ns, String name) {
    resource(ns, name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\": {\"labels\": {\"touched\": \"" + System.nanoTime() + "\"}}}");
  }

  private static TrainingRun awaitPhase(TestNamespace ns, String name, String phase) {
    return Await.phase(client, TrainingRun.class, ns, name, s -> s.phase, phase, PATIENCE);
  }

  private static String condition(TrainingRun run, String type, boolean reasonOnly) {
    return run.getStatus().conditions.stream()
        .filter(c -> c.getType().equals(type))
        .map(
            c ->
                reasonOnly
                    ? c.getReason()
                    : c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
        .findFirst()
        .orElse(null);
  }

  @Test
  void eachGpuTypeIsPlacedOnItsNodeByTheScheduler(ControlPlane plane, TestNamespace ns)
      throws IOException {
    lenet(plane, ns);
    run(ns, "on-t4", "t4", "run");
    run(ns, "on-a10g", "a10g", "run");
    // no GPU and no overrides: the real node's kubelet runs it (kwok's CPU node is tainted)
    client
        .resource(
            TestManifests.parse(
                client,
                """
                apiVersion: neuralforge.io/v1alpha1
                kind: TrainingRun
                metadata: {name: on-cpu, namespace: %s}
                spec:
                  architectureRef: {name: lenet-bn}
                  dataset: {builtin: fashion-mnist}
                  hyperparameters: {epochs: 1}
                  resources: {gpu: {type: none}, cpu: 500m, memory: 2Gi}
                """
                    .formatted(ns.name()),
                TrainingRun.class))
        .create();
    Map<String, String> expected =
        Map.of("on-t4", "gpu-t4-0", "on-a10g", "gpu-a10g-0", "on-cpu", "real-0");
    expected.forEach(
        (name, node) -> {
          TrainingRun running = awaitPhase(ns, name, "Running");
          assertThat(running.getStatus().nodeName).as(name).isEqualTo(node);
          assertThat(condition(running, "Scheduled", false)).startsWith("True PodScheduled");
          assertThat(running.getStatus().startTime).isNotNull();
          assertThat(running.getStatus().reproducibility.architectureGraphHash)
              .startsWith("sha256:");
        });
    Pod pod = TrainerPods.of(client, ns, "on-a10g").get(0);
    assertThat(pod.getSpec().getNodeName())
        .isEqualTo("gpu-a10g-0"); // the scheduler's choice, on the pod itself
    assertThat(resource(ns, "on-t4").get().getStatus().gpu).isEqualTo("1x t4");
  }

  @Test
  void theOperatorCountsRunsByPhaseAndTheirWait(ControlPlane plane, TestNamespace ns)
      throws Exception {
    lenet(plane, ns);
    run(ns, "measured", "none", "run");
    awaitPhase(ns, "measured", "Running");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              String text = scrape();
              assertThat(text)
                  .containsPattern("neuralforge_trainingruns\\{phase=\"Running\"} [1-9]")
                  .containsPattern(
                      "neuralforge_reconciliations_total\\{controller=\"trainingrun\"} [1-9]")
                  .containsPattern("neuralforge_trainingrun_queue_wait_seconds_count [1-9]")
                  .contains("neuralforge_reconcile_duration_seconds_bucket");
            });
  }

  private static String scrape() throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void aFifthOneGpuRunOnAFourGpuNodeWaitsWithTheSchedulersReason(
      ControlPlane plane, TestNamespace ns) throws IOException {
    lenet(plane, ns);
    for (int i = 1; i <= 5; i++) {
      run(ns, "t4-" + i, "t4", "run");
      if (i < 5) {
        awaitPhase(ns, "t4-" + i, "Running"); // in order, so that the fifth is the one left out
      }
    }
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              TrainingRun fifth = resource(ns, "t4-5").get();
              assertThat(fifth.getStatus()).isNotNull();
              assertThat(fifth.getStatus().phase).isEqualTo("Pending");
              assertThat(condition(fifth, "Scheduled", false))
                  .startsWith("False Unschedulable")
                  .contains("0/4 nodes are available")
                  .contains("Insufficient nvidia.com/gpu");
            });
    resource(ns, "t4-1").delete(); // a GPU frees up: the fifth gets it
    assertThat(awaitPhase(ns, "t4-5", "Running").getStatus().nodeName).isEqualTo("gpu-t4-0");
  }

  @Test
  void aCrashingTrainerIsRetriedThenTheRunFails(ControlPlane plane, TestNamespace ns)
      throws IOException {
    lenet(plane, ns);
    run(ns, "crashes", "none", "fail");
    TrainingRun failed = awaitPhase(ns, "crashes", "Failed");
    assertThat(condition(failed, "Failed", true)).isEqualTo("BackoffLimitExceeded");
    assertThat(failed.getStatus().restarts).isEqualTo(2); // the first pod and one retry
    assertThat(failed.getStatus().completionTime).isNotNull();
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                client.v1().events().inNamespace(ns.name()).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "Warning".equals(e.getType())
                                && "BackoffLimitExceeded".equals(e.getReason())
                                && "crashes".equals(e.getInvolvedObject().getName())));
  }

  @Test
  void invalidInputFailsAtOnceWithoutRetries(ControlPlane plane, TestNamespace ns)
      throws IOException {
    lenet(plane, ns);
    // exit code 2 is the trainer's answer to unreadable input: retrying cannot help
    runAnnotated(
        ns,
        "bad-input",
        "none",
        "neuralforge.io/kwok-outcome: fail, neuralforge.io/kwok-exit-code: \"2\"");
    TrainingRun failed = awaitPhase(ns, "bad-input", "Failed");
    assertThat(condition(failed, "Failed", true)).isEqualTo("PodFailurePolicy");
    assertThat(failed.getStatus().restarts).isEqualTo(1);
  }

  @Test
  void aPodThatCannotBePlacedInTimeFailsTheRunWithTheSchedulersReason(
      ControlPlane plane, TestNamespace ns) throws IOException {
    lenet(plane, ns);
    TrainingRun run = manifest(ns, "too-big", "a10g", "neuralforge.io/kwok-outcome: run");
    run.getSpec().resources.gpu.count = 4; // the A10G node has one
    run.getSpec().runPolicy.pendingDeadlineSeconds = 4L;
    client.resource(run).create();
    TrainingRun failed = awaitPhase(ns, "too-big", "Failed");
    assertThat(condition(failed, "Failed", false))
        .startsWith("True PendingDeadlineExceeded")
        .contains("Insufficient nvidia.com/gpu");
    Job job = client.batch().v1().jobs().inNamespace(ns.name()).withName("too-big-trainer").get();
    assertThat(job.getSpec().getSuspend()).isTrue(); // its pod is gone, the Job kept for a look
    await().atMost(PATIENCE).until(() -> TrainerPods.of(client, ns, "too-big").isEmpty());
  }

  @Test
  void aPodAQuotaForbidsLeavesTheRunPendingWithTheApiServersWordsUntilTheQuotaGoes(
      ControlPlane plane, TestNamespace ns) throws IOException {
    lenet(plane, ns);
    client
        .resource(
            new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName("no-pods")
                .withNamespace(ns.name())
                .endMetadata()
                .withNewSpec()
                .addToHard("pods", new Quantity("0"))
                .endSpec()
                .build())
        .create();
    run(ns, "refused", "none", "run");
    TrainingRun pending =
        await()
            .atMost(PATIENCE)
            .until(
                () -> resource(ns, "refused").get(),
                r ->
                    r.getStatus() != null
                        && "QuotaExceeded".equals(condition(r, "Scheduled", true)));
    assertThat(pending.getStatus().phase).isEqualTo("Pending");
    assertThat(condition(pending, "Scheduled", false))
        .startsWith("False QuotaExceeded")
        .contains("exceeded quota: no-pods");
    client.resourceQuotas().inNamespace(ns.name()).withName("no-pods").delete();
    awaitPhase(ns, "refused", "Running");
  }

  @Test
  void aNamespaceOverItsGpuHourBudgetHoldsItsGpuRunsUntilTheBudgetGrows(
      ControlPlane plane, TestNamespace ns) throws IOException {
    lenet(plane, ns);
    client
        .namespaces()
        .withName(ns.name())
        .edit(
            n -> {
              n.getMetadata().getAnnotations().put("neuralforge.io/gpu-hours-per-month", "0");
              return n;
            });
    run(ns, "thrifty", "t4", "run");
    TrainingRun held =
        await()
            .atMost(PATIENCE)
            .until(
                () -> resource(ns, "thrifty").get(),
                r ->
                    r.getStatus() != null
                        && "GPUBudgetExhausted".equals(condition(r, "Scheduled", true)));
    assertThat(held.getStatus().phase).isEqualTo("Pending");
    assertThat(held.getStatus().jobName).isNull();
    assertThat(condition(held, "Scheduled", false))
        .startsWith("False GPUBudgetExhausted")
        .contains("used 0.00 of its 0 GPU-hours");
    client
        .namespaces()
        .withName(ns.name())
        .edit(
            n -> {
              n.getMetadata().getAnnotations().put("neuralforge.io/gpu-hours-per-month", "10");
              return n;
            });
    awaitPhase(ns, "thrifty", "Running"); // looked at again within a minute
  }

  @Test
  void aFinishedRunLosesItsJobAfterItsTtlAndKeepsItsStatusAndNeverGetsAnother(
      ControlPlane plane, TestNamespace ns) throws Exception {
    lenet(plane, ns);
    // one the Job controller finishes (its own TTL applies), one the operator stops (it deletes)
    TrainingRun done = manifest(ns, "done", "none", "neuralforge.io/kwok-outcome: succeed");
    done.getSpec().runPolicy.ttlSecondsAfterFinished = 2;
    client.resource(done).create();
    TrainingRun stuck = manifest(ns, "stuck", "a10g", "neuralforge.io/kwok-outcome: run");
    stuck.getSpec().resources.gpu.count = 4; // the A10G node has one
    stuck.getSpec().runPolicy.pendingDeadlineSeconds = 4L;
    stuck.getSpec().runPolicy.ttlSecondsAfterFinished = 2;
    client.resource(stuck).create();
    for (String name : List.of("done", "stuck")) {
      TrainingRun finished = awaitPhase(ns, name, name.equals("done") ? "Succeeded" : "Failed");
      await()
          .atMost(PATIENCE)
          .untilAsserted(() -> assertThat(jobsOf(ns, name)).as(name + "'s Job").isEmpty());
      await().atMost(PATIENCE).until(() -> TrainerPods.of(client, ns, name).isEmpty());
      // a reconcile or two later: still no Job, the status as it ended
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> jobsOf(ns, name).isEmpty());
      TrainingRun after = resource(ns, name).get();
      assertThat(after.getStatus().phase).isEqualTo(finished.getStatus().phase);
      assertThat(after.getStatus().completionTime).isEqualTo(finished.getStatus().completionTime);
      assertThat(after.getStatus().jobName).isEqualTo(name + "-trainer");
    }
  }

  @Test
  void suspendHoldsTheRunAndResumingLetsItRun(ControlPlane plane, TestNamespace ns)
      throws IOException {
    lenet(plane, ns);
    run(ns, "held", "none", "run");
    awaitPhase(ns, "held", "Running");
    resource(ns, "held")
        .edit(
            r -> {
              r.getSpec().runPolicy.suspend = true; // allowed after the start, unlike the rest
              return r;
            });
    TrainingRun suspended = awaitPhase(ns, "held", "Suspended");
    assertThat(condition(suspended, "Suspended", true)).isEqualTo("RunSuspended");
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                TrainerPods.of(client, ns, "held").stream()
                    .allMatch(p -> p.getMetadata().getDeletionTimestamp() != null));
    resource(ns, "held")
        .edit(
            r -> {
              r.getSpec().runPolicy.suspend = false;
              return r;
            });
    awaitPhase(ns, "held", "Running");
  }

  @Test
  void theApiServerRejectsBadSpecsAndEditsAfterTheStartWithTheReason(
      ControlPlane plane, TestNamespace ns) throws IOException {
    TrainingRun nineGpus = manifest(ns, "nine", "t4", "neuralforge.io/kwok-outcome: run");
    nineGpus.getSpec().resources.gpu.count = 9;
    assertThatThrownBy(() -> client.resource(nineGpus).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.resources.gpu.count")
        .hasMessageContaining("less than or equal to 8");
    TrainingRun both = manifest(ns, "both", "none", "neuralforge.io/kwok-outcome: run");
    both.getSpec().dataset.uri = "s3://data/x/";
    assertThatThrownBy(() -> client.resource(both).create())
        .hasMessageContaining("set exactly one of dataset.builtin and dataset.uri");

    lenet(plane, ns);
    run(ns, "started", "none", "run");
    awaitPhase(ns, "started", "Running");
    assertThatThrownBy(
            () ->
                resource(ns, "started")
                    .edit(
                        r -> {
                          r.getSpec().hyperparameters.epochs = 50;
                          return r;
                        }))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec is immutable once the run has started");
  }

  @Test
  void theSnapshotDoesNotChangeWhenTheArchitectureIsEdited(ControlPlane plane, TestNamespace ns)
      throws IOException {
    lenet(plane, ns);
    run(ns, "pinned", "none", "run");
    TrainingRun running = awaitPhase(ns, "pinned", "Running");
    String hash = running.getStatus().reproducibility.architectureGraphHash;
    String snapshotName = running.getStatus().reproducibility.architectureSnapshot;
    ConfigMap before = client.configMaps().inNamespace(ns.name()).withName(snapshotName).get();
    assertThat(before.getImmutable()).isTrue();

    client
        .resources(Architecture.class)
        .inNamespace(ns.name())
        .withName("lenet-bn")
        .edit(
            a -> {
              a.getSpec().nodes.stream()
                  .filter(n -> n.id.equals("fc1"))
                  .forEach(n -> n.params.put("outFeatures", 256));
              return a;
            });
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              Architecture a =
                  client
                      .resources(Architecture.class)
                      .inNamespace(ns.name())
                      .withName("lenet-bn")
                      .get();
              return a.getStatus() != null
                  && Long.valueOf(2).equals(a.getStatus().observedGeneration);
            });
    touch(ns, "pinned"); // any event: the run is reconciled again
    await()
        .during(Duration.ofSeconds(3))
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              TrainingRun now = resource(ns, "pinned").get();
              assertThat(now.getStatus().reproducibility.architectureGraphHash).isEqualTo(hash);
              assertThat(now.getStatus().reproducibility.architectureSnapshot)
                  .isEqualTo(snapshotName);
            });
    ConfigMap after = client.configMaps().inNamespace(ns.name()).withName(snapshotName).get();
    assertThat(after.getData()).isEqualTo(before.getData());
    assertThat(
            client
                .configMaps()
                .inNamespace(ns.name())
                .withLabel(Labels.TRAINING_RUN, "pinned")
                .list()
                .getItems())
        .hasSize(1);
    Job job = client.batch().v1().jobs().inNamespace(ns.name()).withName("pinned-trainer").get();
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(
            v ->
                assertThat(v.getConfigMap() == null ? null : v.getConfigMap().getName())
                    .isEqualTo(snapshotName));
  }

  @Test
  void anOperatorRestartMidRunMakesNoSecondJobAndKeepsTheStatus(
      ControlPlane plane, TestNamespace ns) throws IOException {
    lenet(plane, ns);
    run(ns, "survives", "t4", "run");
    TrainingRun before = awaitPhase(ns, "survives", "Running");
    operator.stop();
    operator = startedOperator();
    touch(ns, "survives"); // any event: the run is reconciled again
    await()
        .during(Duration.ofSeconds(3))
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              List<Job> jobs =
                  client
                      .batch()
                      .v1()
                      .jobs()
                      .inNamespace(ns.name())
                      .withLabel(Labels.TRAINING_RUN, "survives")
                      .list()
                      .getItems();
              assertThat(jobs).hasSize(1);
              TrainingRun after = resource(ns, "survives").get();
              assertThat(after.getStatus().phase).isEqualTo("Running");
              assertThat(after.getStatus().startTime).isEqualTo(before.getStatus().startTime);
              assertThat(after.getStatus().jobName).isEqualTo(before.getStatus().jobName);
            });
  }

  @Test
  void aRunWaitsForItsArchitectureAndDeletingItRemovesWhatItOwns(
      ControlPlane plane, TestNamespace ns) throws IOException {
    run(ns, "early", "none", "succeed");
    TrainingRun waiting = awaitPhase(ns, "early", "Pending");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(condition(resource(ns, "early").get(), "ArchitectureReady", false))
                    .startsWith("False ArchitectureNotFound"));
    assertThat(waiting.getStatus().jobName).isNull();
    lenet(plane, ns);
    TrainingRun done = awaitPhase(ns, "early", "Succeeded");
    assertThat(done.getStatus().completionTime).isNotNull();
    assertThat(condition(done, "Succeeded", false)).startsWith("True");
    assertThat(client.serviceAccounts().inNamespace(ns.name()).withName("early-trainer").get())
        .isNotNull();
    assertThat(
            client
                .rbac()
                .roles()
                .inNamespace(ns.name())
                .withName("early-trainer")
                .get()
                .getRules()
                .get(0)
                .getResourceNames())
        .containsExactly("early");

    resource(ns, "early").delete();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(
                      client
                          .batch()
                          .v1()
                          .jobs()
                          .inNamespace(ns.name())
                          .withName("early-trainer")
                          .get())
                  .isNull();
              assertThat(
                      client
                          .configMaps()
                          .inNamespace(ns.name())
                          .withLabel(Labels.TRAINING_RUN, "early")
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(
                      client
                          .serviceAccounts()
                          .inNamespace(ns.name())
                          .withName("early-trainer")
                          .get())
                  .isNull();
            });
  }
}
