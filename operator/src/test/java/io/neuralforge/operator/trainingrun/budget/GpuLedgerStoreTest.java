package io.neuralforge.operator.trainingrun.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ledger as its ConfigMap holds it: read back as written; a broken one named, never guessed.
 */
class GpuLedgerStoreTest {
  private static ConfigMap holding(String json) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(GpuLedgerStore.name("team-a"))
        .withNamespace("neuralforge-system")
        .endMetadata()
        .withData(Map.of(GpuLedgerStore.KEY, json))
        .build();
  }

  @Test
  void aLedgerReadsBackAsItWasWritten() {
    Instant start = Instant.parse("2026-11-22T10:00:00Z");
    GpuLedger ledger =
        new GpuLedger(
            "team-a",
            Map.of("pod-1", new GpuLedger.PodHours("r1", "uid-1", "t4", 2, start, null)),
            Map.of("uid-1", new GpuLedger.Reservation("r1", 2, 1800, start)),
            Map.of("2026-10", Map.of("a10g", 1.25)));
    assertThat(GpuLedgerStore.read(holding(GpuLedgerStore.json(ledger)), "team-a"))
        .isEqualTo(ledger);
    assertThat(GpuLedgerStore.read(null, "team-a")).isEqualTo(GpuLedger.empty("team-a"));
  }

  @Test
  void aBrokenLedgerIsNamedWithItsKey() {
    assertThatThrownBy(() -> GpuLedgerStore.read(holding("{\"pods\": 7"), "team-a"))
        .hasMessageStartingWith(
            "ConfigMap neuralforge-system/neuralforge-gpu-ledger-team-a data.ledger.json: not the"
                + " GPU ledger of namespace team-a");
    assertThatThrownBy(
            () ->
                GpuLedgerStore.read(
                    holding(GpuLedgerStore.json(GpuLedger.empty("team-b"))), "team-a"))
        .hasMessageContaining("it is the ledger of team-b");
  }
}
