package io.neuralforge.operator.trainingrun.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.Operator;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.PodOverrides;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.OperatorMain;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.testing.TestOperator;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GPU-hour ledger against the real API server, with kwok's T4 node (gpu-t4-0, 4 GPUs) playing
 * the kubelet: a namespace's hours outlive its runs and ignore their status, and runs created
 * together cannot all start under one remaining hour.
 */
@RealCluster
class GpuLedgerIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static KubernetesClient client;
  private static Operator operator;

  @BeforeAll
  static void startOperator(KubernetesClient kubernetes) {
    client = kubernetes;
    operator = TestOperator.start(client);
  }

  @AfterAll
  static void stopOperator() {
    operator.stop();
  }

  private static void budget(TestNamespace ns, String hours) {
    client
        .namespaces()
        .withName(ns.name())
        .edit(
            n -> {
              n.getMetadata().getAnnotations().put(GpuBudgets.ANNOTATION, hours);
              return n;
            });
  }

  /**
   * The GPU smoke example (one T4, activeDeadlineSeconds 1800), as {@code name}, with a pod kwok
   * keeps Running.
   */
  private static TrainingRun t4Run(ControlPlane plane, TestNamespace ns, String name) {
    TrainingRun run =
        TestManifests.example(plane, "trainingruns/gpu-smoke.yaml", TrainingRun.class);
    run.getMetadata().setName(name);
    run.getMetadata().setNamespace(ns.name());
    run.getSpec().pod = new PodOverrides();
    run.getSpec().pod.annotations = Map.of("neuralforge.io/kwok-outcome", "run");
    return client.resource(run).create();
  }

  /** The namespace's ledger as the operator wrote it in its own namespace. */
  private static GpuLedger ledger(TestNamespace ns) {
    ConfigMap map =
        client
            .configMaps()
            .inNamespace(OperatorMain.operatorNamespace(client))
            .withName(GpuLedgerStore.name(ns.name()))
            .get();
    assertThat(map).as("the ledger of %s", ns.name()).isNotNull();
    assertThat(map.getMetadata().getLabels()).containsEntry(Labels.GPU_LEDGER, ns.name());
    return GpuLedgerStore.read(map, ns.name());
  }

  private static double usedThisMonth(GpuLedger ledger) {
    Instant now = Instant.now();
    return ledger.used(YearMonth.from(now.atZone(ZoneOffset.UTC)), now);
  }

  private static String scheduledReason(TrainingRun run) {
    return run.getStatus() == null || run.getStatus().conditions == null
        ? null
        : run.getStatus().conditions.stream()
            .filter(c -> c.getType().equals("Scheduled"))
            .map(c -> c.getReason())
            .findFirst()
            .orElse(null);
  }

  private static void touch(TestNamespace ns, String name) {
    client
        .resources(TrainingRun.class)
        .inNamespace(ns.name())
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\": {\"labels\": {\"touched\": \"" + System.nanoTime() + "\"}}}");
  }

  @Test
  void hoursOutliveTheRunAndIgnoreAForgedStatus(ControlPlane plane, TestNamespace ns) {
    TestManifests.createExample(plane, ns, "architectures/lenet-bn.yaml");
    budget(ns, "100");
    String uid = t4Run(plane, ns, "spent").getMetadata().getUid();
    Await.phase(client, TrainingRun.class, ns, "spent", s -> s.phase, "Running", PATIENCE);
    touch(ns, "spent");
    await()
        .atMost(PATIENCE)
        .ignoreExceptions()
        .until(() -> ledger(ns).usedBy(uid, Instant.now()) > 0);
    // the ledger counts the running pod to now: 10 T4-seconds of it
    await()
        .atMost(PATIENCE)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> ledger(ns).usedBy(uid, Instant.now()) >= 10 / 3600.0);

    // the trainer's token may patch the run's status: a forged gpuHours is overwritten from the
    // ledger, and the ledger does not move
    client
        .resources(TrainingRun.class)
        .inNamespace(ns.name())
        .withName("spent")
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\": {\"gpuHours\": 0}}");
    touch(ns, "spent");
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                client.resources(TrainingRun.class).inNamespace(ns.name()).withName("spent").get(),
            r -> r.getStatus().gpuHours != null && r.getStatus().gpuHours > 0);
    assertThat(usedThisMonth(ledger(ns))).isGreaterThan(10 / 3600.0 - 1e-9);

    // deleting the run deletes its Job and pod; their hours stay, and stop growing
    client.resources(TrainingRun.class).inNamespace(ns.name()).withName("spent").delete();
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                client
                    .pods()
                    .inNamespace(ns.name())
                    .withLabel(Labels.TRAINING_RUN, "spent")
                    .list()
                    .getItems()
                    .isEmpty());
    TrainingRun next = t4Run(plane, ns, "next"); // its reconcile records the pod that went
    await()
        .atMost(PATIENCE)
        .ignoreExceptions()
        .until(
            () ->
                ledger(ns).pods().values().stream()
                    .allMatch(p -> !uid.equals(p.runUid()) || p.end() != null));
    double kept = usedThisMonth(ledger(ns));
    assertThat(kept).isGreaterThan(10 / 3600.0 - 1e-9);
    assertThat(ledger(ns).pods().values()).anySatisfy(p -> assertThat(p.runUid()).isEqualTo(uid));
    client.resource(next).delete();

    // a budget below what the erased run used holds the next GPU run
    budget(ns, String.valueOf(kept / 2));
    t4Run(plane, ns, "held");
    TrainingRun held =
        await()
            .atMost(PATIENCE)
            .until(
                () ->
                    client
                        .resources(TrainingRun.class)
                        .inNamespace(ns.name())
                        .withName("held")
                        .get(),
                r -> "GPUBudgetExhausted".equals(scheduledReason(r)));
    assertThat(held.getStatus().jobName).isNull();
  }

  @Test
  void fiveHalfHourT4RunsCreatedTogetherUnderOneGpuHourStartTwo(
      ControlPlane plane, TestNamespace ns) {
    TestManifests.createExample(plane, ns, "architectures/lenet-bn.yaml");
    budget(ns, "1");
    for (int i = 0; i < 5; i++) {
      t4Run(plane, ns, "half-" + i);
    }
    await()
        .atMost(PATIENCE)
        .until(
            () -> client.resources(TrainingRun.class).inNamespace(ns.name()).list().getItems(),
            runs ->
                runs.stream().filter(r -> "GPUBudgetExhausted".equals(scheduledReason(r))).count()
                    >= 3);
    // nothing more starts
    await()
        .during(Duration.ofSeconds(10))
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> client.batch().v1().jobs().inNamespace(ns.name()).list().getItems().size() <= 2);
    List<TrainingRun> runs =
        client.resources(TrainingRun.class).inNamespace(ns.name()).list().getItems();
    long started = runs.stream().filter(r -> r.getStatus().jobName != null).count();
    long jobs = client.batch().v1().jobs().inNamespace(ns.name()).list().getItems().size();
    assertThat(started).as("runs with a Job").isEqualTo(2);
    assertThat(jobs).isEqualTo(2);
    assertThat(runs.stream().filter(r -> "GPUBudgetExhausted".equals(scheduledReason(r))).count())
        .isEqualTo(3);
    GpuLedger ledger = ledger(ns);
    assertThat(ledger.reservations()).hasSize(2);
    assertThat(ledger.reservations().values())
        .allSatisfy(r -> assertThat(r.seconds()).isEqualTo(1800));
    assertThat(
            client.batch().v1().jobs().inNamespace(ns.name()).list().getItems().stream()
                .map(j -> j.getSpec().getActiveDeadlineSeconds()))
        .containsOnly(1800L);
  }
}
