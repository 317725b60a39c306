package io.neuralforge.operator.trainingrun.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whether a GPU run may start under its namespace's budget, by the ledger alone. */
class GpuBudgetsTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  private static Namespace namespace(String budget) {
    NamespaceBuilder ns = new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata();
    if (budget != null) {
      ns.editMetadata().addToAnnotations(GpuBudgets.ANNOTATION, budget).endMetadata();
    }
    return ns.build();
  }

  /** A ledger with {@code hours} of one finished T4 pod this month. */
  private static GpuLedger used(double hours) {
    Instant start = Instant.parse("2026-11-02T00:00:00Z");
    var pod =
        new GpuLedger.PodHours(
            "old", "old-uid", "t4", 1, start, start.plusSeconds((long) (hours * 3600)));
    return new GpuLedger(
        "team-a", Map.of("p", pod), Map.of(), Map.of("2026-10", Map.of("t4", 50.0)));
  }

  @Test
  void thisMonthsHoursCountAndARunWaitsWithUsedAndAllowed() {
    assertThat(GpuBudgets.admit(namespace(null), used(7.5), "r", 1, null, NOW).waitReason())
        .isNull();
    var over = GpuBudgets.admit(namespace("7.5"), used(7.5), "r", 1, null, NOW);
    assertThat(over.waitReason())
        .isEqualTo(
            "namespace team-a used 7.50 of its 7.5 GPU-hours for 2026-11, and its GPU runs going"
                + " may use 0.00 more; GPU runs wait until one ends, next month or a larger budget");
    assertThat(GpuBudgets.admit(namespace("ten"), used(0), "r", 1, null, NOW).waitReason())
        .contains("not a number of hours");
  }

  @Test
  void aRunWithoutADeadlineGetsWhatIsLeftForItsGpus() {
    var a = GpuBudgets.admit(namespace("10"), used(7), "r", 2, null, NOW);
    assertThat(a.waitReason()).isNull();
    assertThat(a.deadlineSeconds()).isEqualTo(3 * 3600 / 2);
    assertThat(a.reserve()).isTrue();
    assertThat(GpuBudgets.admit(namespace("10"), used(7), "r", 2, 600L, NOW).deadlineSeconds())
        .isEqualTo(600L);
    assertThat(GpuBudgets.admit(namespace("7.01"), used(7), "r", 1, null, NOW).waitReason())
        .as("less than a minute left")
        .isNotNull();
  }

  @Test
  void fiveHalfHourRunsUnderOneHourStartTwoWhateverTheOrderOfTheirReconciles() {
    GpuLedger ledger = GpuLedger.empty("team-a");
    int started = 0;
    for (int i = 0; i < 5; i++) {
      var a = GpuBudgets.admit(namespace("1"), ledger, "run-" + i, 1, 1800L, NOW);
      if (a.reserve()) {
        ledger =
            ledger.reserve(
                "run-" + i, new GpuLedger.Reservation("r" + i, 1, a.deadlineSeconds(), NOW));
        started++;
      }
    }
    assertThat(started).isEqualTo(2);
  }

  @Test
  void twoRunsDecidingOnTheSameVersionCannotBothTakeTheLastHour() {
    GpuLedger seen = used(0.5); // both reconciles read this version
    assertThat(GpuBudgets.admit(namespace("1"), seen, "a", 1, 1800L, NOW).reserve()).isTrue();
    assertThat(GpuBudgets.admit(namespace("1"), seen, "b", 1, 1800L, NOW).reserve()).isTrue();
    // a's write wins; b's write conflicts (409), so b decides again on what a wrote
    GpuLedger written = seen.reserve("a", new GpuLedger.Reservation("a", 1, 1800, NOW));
    var b = GpuBudgets.admit(namespace("1"), written, "b", 1, 1800L, NOW);
    assertThat(b.reserve()).isFalse();
    assertThat(b.waitReason()).contains("used 0.50 of its 1 GPU-hours").contains("0.50 more");
    // a, deciding again on its own reservation, starts as reserved
    var a = GpuBudgets.admit(namespace("1"), written, "a", 1, 1800L, NOW);
    assertThat(a.waitReason()).isNull();
    assertThat(a.reserve()).isFalse();
    assertThat(a.deadlineSeconds()).isEqualTo(1800L);
  }

  @Test
  void aRunningRunsUseCountsOnceAgainstItsReservation() {
    Instant start = NOW.minus(Duration.ofMinutes(20));
    GpuLedger ledger =
        new GpuLedger(
            "team-a",
            Map.of("p", new GpuLedger.PodHours("a", "a", "t4", 1, start, null)),
            Map.of("a", new GpuLedger.Reservation("a", 1, 1800, start)),
            Map.of());
    assertThat(ledger.used(java.time.YearMonth.of(2026, 11), NOW) + ledger.outstanding(NOW))
        .isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
  }
}
