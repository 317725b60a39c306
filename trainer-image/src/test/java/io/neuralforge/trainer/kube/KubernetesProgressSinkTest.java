package io.neuralforge.trainer.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuralforge.trainer.run.EpochMetrics;
import io.neuralforge.trainer.run.ProgressSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesProgressSinkTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-11-22T12:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static ProgressSink.Progress step(int epoch, double percent) {
    return new ProgressSink.Progress(epoch, 2, 1, 10, percent, 30, 0.5);
  }

  @Test
  @SuppressWarnings("unchecked")
  void writesAtMostEveryIntervalAndAlwaysTheWholeTrainerPart() {
    List<Map<String, Object>> writes = new ArrayList<>();
    ManualClock clock = new ManualClock();
    KubernetesProgressSink sink =
        new KubernetesProgressSink(writes::add, 10_000, clock, System.err);
    sink.started("sha256:abc");
    sink.progress(step(1, 10));
    clock.now = clock.now.plusSeconds(3);
    sink.progress(step(1, 20)); // too soon
    assertThat(writes).hasSize(1);
    clock.now = clock.now.plusSeconds(8);
    sink.progress(step(1, 30));
    assertThat(writes).hasSize(2);
    assertThat((Map<String, Object>) writes.get(1).get("progress")).containsEntry("percent", 30.0);
    sink.epoch(new EpochMetrics(1, 0.4, 0.8, 0.35, 0.85, Double.NaN, 1e-3, 12, 0.5));
    Map<String, Object> last = writes.get(writes.size() - 1);
    // each write holds progress, metrics and the digest: an apply that leaves one out gives it up
    assertThat(last).containsKeys("progress", "metrics", "reproducibility");
    assertThat((Map<String, Object>) last.get("metrics"))
        .containsEntry("validationAccuracy", 0.85)
        .doesNotContainKey("validationDice"); // NaN is not JSON
    sink.finished(Map.of("validationAccuracy", 0.86, "bestEpoch", 2, "devices", List.of("cpu()")));
    last = writes.get(writes.size() - 1);
    assertThat((Map<String, Object>) last.get("metrics"))
        .containsEntry("bestEpoch", 2)
        .doesNotContainKey("devices");
    assertThat((Map<String, Object>) last.get("progress")).containsEntry("percent", 100.0);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDeviceTheGradientNormAndGpuMemoryAreWrittenWhenMeasured() {
    List<Map<String, Object>> writes = new ArrayList<>();
    ManualClock clock = new ManualClock();
    KubernetesProgressSink sink =
        new KubernetesProgressSink(writes::add, 10_000, clock, System.err);
    sink.started("sha256:abc");
    sink.device("cuda:0 Tesla T4, driver 550.54.15, CUDA 12.6", "/opt/neuralforge/cuda/torch/lib");
    assertThat((Map<String, Object>) writes.get(1).get("reproducibility"))
        .containsEntry("datasetDigest", "sha256:abc")
        .containsEntry("device", "cuda:0 Tesla T4, driver 550.54.15, CUDA 12.6");
    assertThat(sink.wantsDetail()).isFalse(); // it just wrote: the next step is not passed on
    clock.now = clock.now.plusSeconds(11);
    assertThat(sink.wantsDetail()).isTrue();
    sink.progress(new ProgressSink.Progress(1, 2, 5, 10, 50, 30, 0.5, 1.8342, 2_147_483_648L));
    Map<String, Object> progress = (Map<String, Object>) writes.get(2).get("progress");
    assertThat(progress)
        .containsEntry("gradientNorm", 1.8342)
        .containsEntry("gpuMemoryBytes", 2_147_483_648L);
    // a step measured nothing: the last measured values stay
    clock.now = clock.now.plusSeconds(11);
    sink.progress(step(1, 60));
    progress = (Map<String, Object>) writes.get(3).get("progress");
    assertThat(progress).containsEntry("gradientNorm", 1.8342).containsEntry("percent", 60.0);
  }

  @Test
  void aFailedWriteIsReportedAndTrainingGoesOn() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    StatusWriter down =
        status -> {
          throw new IOException("HTTP 503: the API server is restarting");
        };
    KubernetesProgressSink sink =
        new KubernetesProgressSink(down, 0, Clock.systemUTC(), new PrintStream(log, true));
    sink.progress(step(1, 10));
    assertThat(log.toString()).contains("could not report progress: HTTP 503");
  }

  @Test
  void onceTheRunIsAnotherObjectOfTheSameNameTheSinkStopsWritingAndSaysSoOnce() {
    List<Map<String, Object>> attempts = new ArrayList<>();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ManualClock clock = new ManualClock();
    KubernetesProgressSink sink =
        new KubernetesProgressSink(
            status -> {
              attempts.add(status);
              throw new ObjectReplacedException(
                  "status of TrainingRun team-a/r1: HTTP 422: it is no longer the object (uid u1)"
                      + " this pod was started for");
            },
            10_000,
            clock,
            new PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
    sink.started("sha256:abc");
    sink.epoch(new EpochMetrics(1, 0.4, 0.8, 0.35, 0.85, Double.NaN, 1e-3, 12, 0.5));
    clock.now = clock.now.plusSeconds(60);
    sink.progress(step(2, 60));
    sink.finished(Map.of("validationAccuracy", 0.86));
    assertThat(attempts).hasSize(1);
    assertThat(log.toString(java.nio.charset.StandardCharsets.UTF_8).lines())
        .containsExactly(
            "neuralforge: no more status writes: status of TrainingRun team-a/r1: HTTP 422: it is"
                + " no longer the object (uid u1) this pod was started for");
  }
}
