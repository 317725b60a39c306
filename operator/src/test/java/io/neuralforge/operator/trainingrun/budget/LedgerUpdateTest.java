package io.neuralforge.operator.trainingrun.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.neuralforge.operator.config.OperatorSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the ledger charges a namespace, from its trainer pods as the kubelet describes them. */
class LedgerUpdateTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
  private static final LedgerUpdate.Runs ONE_RUN =
      new LedgerUpdate.Runs(Set.of("run-1"), Set.of("run-1"), Set.of());

  /** The operator's Job for run-1 with {@code gpus} GPUs. */
  private static Job job(int gpus) {
    return new JobBuilder()
        .withNewMetadata()
        .withUid("job-1")
        .addNewOwnerReference()
        .withKind("TrainingRun")
        .withName("r1")
        .withUid("run-1")
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .addNewContainer()
        .withNewResources()
        .addToLimits("nvidia.com/gpu", new Quantity(String.valueOf(gpus)))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** A trainer pod on gpu-0, started by the kubelet at {@code start}, ended at {@code end}. */
  private static Pod pod(String uid, String start, String end, String phase) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withUid(uid)
            .withNamespace("team-a")
            .endMetadata()
            .withNewSpec()
            .withNodeName("gpu-0")
            .endSpec()
            .withNewStatus()
            .withPhase(phase)
            .withStartTime(start)
            .endStatus();
    if (end != null) {
      pod.editStatus()
          .addNewContainerStatus()
          .withNewState()
          .withNewTerminated()
          .withFinishedAt(end)
          .endTerminated()
          .endState()
          .endContainerStatus()
          .endStatus();
    }
    return pod.build();
  }

  private static GpuLedger next(GpuLedger ledger, List<Pod> pods, Map<String, PodUse> gone) {
    return next(ledger, pods, gone, ONE_RUN, NOW);
  }

  private static GpuLedger next(
      GpuLedger ledger,
      List<Pod> pods,
      Map<String, PodUse> gone,
      LedgerUpdate.Runs runs,
      Instant now) {
    List<PodUse> present = pods.stream().map(p -> PodUse.of(p, job(2), now, false)).toList();
    return LedgerUpdate.next(ledger, present, gone, node -> "t4", runs, now);
  }

  /** A ledger that recorded pod p1 of run-1 running since {@code start}. */
  private static GpuLedger running(String start) {
    return next(GpuLedger.empty("team-a"), List.of(pod("p1", start, null, "Running")), Map.of());
  }

  @Test
  void aRunningPodIsChargedItsJobsGpusFromTheKubeletsStartUntilNow() {
    GpuLedger ledger = running("2026-11-22T10:30:00Z");
    assertThat(ledger.used(NOVEMBER, NOW)).isEqualTo(3.0); // 2 GPUs for 1.5 h
    assertThat(ledger.usedBy("run-1", NOW)).isEqualTo(3.0);
    assertThat(ledger.pods().get("p1").gpu()).isEqualTo("t4");
    assertThat(next(ledger, List.of(pod("p1", "2026-11-22T10:30:00Z", null, "Running")), Map.of()))
        .as("seen again: nothing changes")
        .isEqualTo(ledger);
  }

  @Test
  void aPodDeletedWithItsRunKeepsItsHoursUpToWhenItWasSeenGoing() {
    GpuLedger ledger = running("2026-11-22T10:00:00Z");
    Pod deleted = pod("p1", "2026-11-22T10:00:00Z", null, "Running");
    PodUse gone = PodUse.of(deleted, job(2), Instant.parse("2026-11-22T11:00:00Z"), true);
    LedgerUpdate.Runs noRun = new LedgerUpdate.Runs(Set.of(), Set.of(), Set.of());
    GpuLedger after = next(ledger, List.of(), Map.of("p1", gone), noRun, NOW);
    assertThat(after.used(NOVEMBER, NOW)).isEqualTo(2.0);
    assertThat(after.used(NOVEMBER, NOW.plus(Duration.ofDays(3)))).as("and no more").isEqualTo(2.0);
    assertThat(after.pods().get("p1").runUid()).as("as first recorded").isEqualTo("run-1");
  }

  @Test
  void aPodThatVanishedUnseenEndsWhenMissedNeverBefore() {
    GpuLedger ledger = running("2026-11-22T10:00:00Z");
    GpuLedger after = next(ledger, List.of(), Map.of());
    assertThat(after.pods().get("p1").end()).isEqualTo(NOW);
    assertThat(after.used(NOVEMBER, NOW.plus(Duration.ofHours(5)))).isEqualTo(4.0);
  }

  @Test
  void suspendAndResumeChargeOnlyThePodsThatRan() {
    // suspended: the first pod went away at 10:30; resumed at 11:30: a new pod
    Pod first = pod("p1", "2026-11-22T10:00:00Z", "2026-11-22T10:30:00Z", "Failed");
    Pod second = pod("p2", "2026-11-22T11:30:00Z", null, "Running");
    GpuLedger ledger = next(GpuLedger.empty("team-a"), List.of(first, second), Map.of());
    assertThat(ledger.used(NOVEMBER, NOW)).isEqualTo(2.0); // 2 GPUs × (0.5 h + 0.5 h)
  }

  @Test
  void anEvictedPodWithoutAContainerEndIsChargedUntilSeenEnded() {
    Pod evicted = pod("p1", "2026-11-22T11:00:00Z", null, "Failed");
    GpuLedger ledger = next(GpuLedger.empty("team-a"), List.of(evicted), Map.of());
    assertThat(ledger.pods().get("p1").end()).isEqualTo(NOW);
    assertThat(ledger.used(NOVEMBER, NOW.plus(Duration.ofDays(1)))).isEqualTo(2.0);
  }

  @Test
  void anOrphanedJobsPodIsChargedToTheNamespaceWithoutARun() {
    Pod orphan = pod("p1", "2026-11-22T11:00:00Z", null, "Running");
    PodUse use = PodUse.of(orphan, null, NOW, false);
    assertThat(use).as("a pod without GPU limits of its own and no Job uses none").isNull();
    orphan
        .getSpec()
        .getContainers()
        .add(job(1).getSpec().getTemplate().getSpec().getContainers().get(0));
    GpuLedger ledger =
        LedgerUpdate.next(
            GpuLedger.empty("team-a"),
            List.of(PodUse.of(orphan, null, NOW, false)),
            Map.of(),
            node -> "a10g",
            ONE_RUN,
            NOW);
    assertThat(ledger.used(NOVEMBER, NOW)).isEqualTo(1.0);
    assertThat(ledger.pods().get("p1").runUid()).isNull();
  }

  @Test
  void pastMonthsRollUpIntoTotalsSplitAtTheMonthsEdgeAndOldMonthsGo() {
    Pod past = pod("p1", "2026-09-30T23:00:00Z", "2026-10-01T01:00:00Z", "Succeeded");
    Pod ancient = pod("p0", "2025-01-10T00:00:00Z", "2025-01-10T01:00:00Z", "Succeeded");
    Pod intoThisMonth = pod("p2", "2026-10-31T23:00:00Z", "2026-11-01T01:00:00Z", "Succeeded");
    GpuLedger ledger =
        next(GpuLedger.empty("team-a"), List.of(past, ancient, intoThisMonth), Map.of());
    assertThat(ledger.pods()).containsOnlyKeys("p2");
    assertThat(ledger.months()).containsOnlyKeys("2026-09", "2026-10");
    assertThat(ledger.months().get("2026-09")).containsEntry("t4", 2.0);
    assertThat(ledger.used(YearMonth.of(2026, 10), NOW)).as("p1 and p2 in October").isEqualTo(4.0);
    assertThat(ledger.used(NOVEMBER, NOW)).as("this month's part of p2").isEqualTo(2.0);
  }

  @Test
  void finishedPodsBeyondTheBoundRollUpOldestFirst() {
    GpuLedger ledger = GpuLedger.empty("team-a");
    List<Pod> pods = new java.util.ArrayList<>();
    for (int i = 0; i < LedgerUpdate.MAX_FINISHED + 10; i++) {
      Instant start = Instant.parse("2026-11-01T00:00:00Z").plus(Duration.ofMinutes(i));
      pods.add(pod("p" + i, start.toString(), start.plusSeconds(30).toString(), "Succeeded"));
    }
    GpuLedger after = next(ledger, pods, Map.of());
    assertThat(after.pods()).hasSize(LedgerUpdate.MAX_FINISHED).doesNotContainKey("p0");
    assertThat(after.used(NOVEMBER, NOW))
        .isCloseTo(
            (LedgerUpdate.MAX_FINISHED + 10) * 2 * 30 / 3600.0,
            org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void reservationsHoldWhileTheirRunsJobGoesAndLapseOtherwise() {
    var reservation = new GpuLedger.Reservation("r", 1, 1800, NOW.minus(Duration.ofMinutes(30)));
    GpuLedger ledger =
        GpuLedger.empty("team-a")
            .reserve("going", reservation)
            .reserve("done", reservation)
            .reserve("deleted", reservation)
            .reserve("never-got-a-job", reservation)
            .reserve("creating-its-job", new GpuLedger.Reservation("r", 1, 1800, NOW));
    var runs =
        new LedgerUpdate.Runs(
            Set.of("going", "done", "never-got-a-job", "creating-its-job"),
            Set.of("going", "done"),
            Set.of("done"));
    assertThat(next(ledger, List.of(), Map.of(), runs, NOW).reservations())
        .containsOnlyKeys("going", "creating-its-job");
  }

  @Test
  void anyIsChargedAsTheGpuOfTheNodeItRanOn() {
    var labels = OperatorSettings.defaults().gpuNodeLabels();
    assertThat(NodeGpuTypes.of(Map.of("nvidia.com/gpu.product", "NVIDIA-A10G"), labels))
        .isEqualTo("a10g");
    assertThat(
            NodeGpuTypes.of(Map.of("cloud.google.com/gke-accelerator", "nvidia-tesla-t4"), labels))
        .isEqualTo("t4");
    assertThat(NodeGpuTypes.of(Map.of("kubernetes.io/hostname", "cpu-0"), labels))
        .isEqualTo("unknown");
    GpuLedger ledger =
        LedgerUpdate.next(
            GpuLedger.empty("team-a"),
            List.of(
                PodUse.of(pod("p1", "2026-11-22T11:00:00Z", null, "Running"), job(1), NOW, false),
                PodUse.of(pod("p2", "2026-11-22T11:00:00Z", null, "Running"), job(1), NOW, false)),
            Map.of(),
            node -> "a10g",
            ONE_RUN,
            NOW);
    assertThat(ledger.pods().values()).allMatch(p -> p.gpu().equals("a10g"));
    assertThat(LedgerUpdate.closedSince(ledger, next(ledger, List.of(), Map.of()))).hasSize(2);
  }
}
