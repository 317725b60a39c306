package io.neuralforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuralforge.api.v1alpha1.HistoryPoint;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.operator.trainingrun.reading.RunEpochs;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code neuralforge compare} shows of one run, whether it came from the cluster or from a
 * {@code neuralforge train} folder. Nullable: gpuHours and durationSeconds (not known yet, or not
 * measured locally), device (what it trained on; unknown before the trainer said).
 *
 * @param name how the run is called in the table: its name, or its folder when names repeat
 * @param spec the TrainingRun spec as JSON, as written or as stored
 * @param metrics the numeric metrics, in the order the trainer wrote them (epochs stay integers)
 * @param history one point per finished epoch, for the curves
 */
record RunFacts(
    String name,
    JsonNode spec,
    Map<String, Number> metrics,
    String phase,
    Double gpuHours,
    Long durationSeconds,
    List<HistoryPoint> history,
    String device,
    Integer stoppedAtEpoch) {

  /** A run read from the cluster; a run still going counts its duration up to {@code now}. */
  static RunFacts of(TrainingRun run, Instant now) {
    TrainingRunStatus status = run.getStatus() == null ? new TrainingRunStatus() : run.getStatus();
    return new RunFacts(
        run.getMetadata().getName(),
        run.getSpec() == null // read in part: the spec did not fit
            ? Manifests.JSON.createObjectNode()
            : Manifests.JSON.valueToTree(run.getSpec()),
        numbers(Manifests.JSON.valueToTree(status.metrics)),
        status.phase == null ? Phases.PENDING : status.phase,
        status.gpuHours,
        duration(status.startTime, status.completionTime, now),
        status.history == null ? List.of() : status.history,
        status.reproducibility == null ? null : status.reproducibility.device,
        RunEpochs.stoppedEarly(run) ? RunEpochs.trained(run) : null);
  }

  /** The phase, and where a run stopped early stopped: "Succeeded, stopped at epoch 3". */
  String phaseShown() {
    return stoppedAtEpoch == null ? phase : phase + ", stopped at epoch " + stoppedAtEpoch;
  }

  /** The value of {@code metric}; null when the run has none. */
  Double metric(String metric) {
    Number value = metrics.get(metric);
    return value == null ? null : value.doubleValue();
  }

  RunFacts named(String label) {
    return new RunFacts(
        label, spec, metrics, phase, gpuHours, durationSeconds, history, device, stoppedAtEpoch);
  }

  /** The finite numbers among an object's fields (metrics.json also holds a list of devices). */
  static Map<String, Number> numbers(JsonNode object) {
    Map<String, Number> numbers = new LinkedHashMap<>();
    if (object != null) {
      for (Map.Entry<String, JsonNode> f : object.properties()) {
        if (f.getValue().isNumber() && Double.isFinite(f.getValue().asDouble())) {
          numbers.put(f.getKey(), f.getValue().numberValue());
        }
      }
    }
    return numbers;
  }

  /** From start to completion, or to now while the run goes on; null before it started. */
  static Long duration(String start, String completion, Instant now) {
    Instant from = instant(start);
    if (from == null) {
      return null;
    }
    Instant to = instant(completion);
    return Math.max(0, Duration.between(from, to == null ? now : to).getSeconds());
  }

  private static Instant instant(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null; // a status written by hand: no duration rather than no comparison
    }
  }
}
