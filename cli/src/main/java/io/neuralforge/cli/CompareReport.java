package io.neuralforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs side by side, best first: the spec paths that differ between them, their metrics, phase,
 * GPU-hours and duration, as an aligned table or as JSON. Pure.
 */
final class CompareReport {
  /** Shown for every run, in this order, when any run has them. */
  private static final List<String> METRICS =
      List.of("validationAccuracy", "validationLoss", "trainLoss", "testAccuracy");

  /** Shown even when no run has them yet: what people compare first. */
  private static final Set<String> ALWAYS =
      Set.of("validationAccuracy", "validationLoss", "trainLoss");

  private final List<RunFacts> runs;
  private final List<Map<String, JsonNode>> leaves;
  private final List<String> parameters;
  private final List<String> metrics;

  /**
   * @param runs the runs, already in the order to show them
   * @param sortMetric the metric they were sorted by: a column too, when not one of the usual
   */
  CompareReport(List<RunFacts> runs, String sortMetric) {
    this.runs = runs;
    this.leaves = runs.stream().map(r -> SpecLeaves.of(r.spec())).toList();
    this.parameters = runs.size() < 2 ? List.of() : SpecLeaves.differing(leaves);
    Set<String> shown = new LinkedHashSet<>();
    for (String m : METRICS) {
      if (ALWAYS.contains(m) || runs.stream().anyMatch(r -> r.metric(m) != null)) {
        shown.add(m);
      }
    }
    shown.add(sortMetric);
    this.metrics = List.copyOf(shown);
  }

  /** The spec paths shown as columns: those that differ between the runs. */
  List<String> parameters() {
    return parameters;
  }

  String text() {
    List<String> header = new ArrayList<>();
    header.add("RUN");
    header.addAll(parameters);
    header.addAll(metrics);
    header.addAll(List.of("PHASE", "DEVICE", "GPU-HOURS", "DURATION"));
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (int i = 0; i < runs.size(); i++) {
      RunFacts run = runs.get(i);
      List<String> row = new ArrayList<>();
      row.add(run.name());
      for (String p : parameters) {
        row.add(SpecLeaves.text(leaves.get(i).get(p), "-"));
      }
      for (String m : metrics) {
        row.add(metric(run.metric(m)));
      }
      row.add(run.phaseShown());
      row.add(run.device() == null ? "-" : run.device());
      row.add(run.gpuHours() == null ? "-" : String.format(Locale.ROOT, "%.2f", run.gpuHours()));
      row.add(duration(run.durationSeconds()));
      rows.add(row);
    }
    return align(rows);
  }

  /**
   * A list of {run, parameters (only those that differ), metrics, phase, stoppedAtEpoch (a run
   * stopped early), device, gpuHours, durationSeconds}.
   */
  JsonNode json() {
    ArrayNode list = Manifests.JSON.createArrayNode();
    for (int i = 0; i < runs.size(); i++) {
      RunFacts run = runs.get(i);
      ObjectNode o = list.addObject();
      o.put("run", run.name());
      ObjectNode params = o.putObject("parameters");
      for (String p : parameters) {
        params.set(p, leaves.get(i).get(p)); // null when this run lacks it
      }
      ObjectNode m = o.putObject("metrics");
      run.metrics().forEach((k, v) -> m.set(k, Manifests.JSON.valueToTree(v)));
      o.put("phase", run.phase());
      if (run.stoppedAtEpoch() != null) {
        o.put("stoppedAtEpoch", run.stoppedAtEpoch());
      }
      o.put("device", run.device());
      o.put("gpuHours", run.gpuHours());
      o.put("durationSeconds", run.durationSeconds());
    }
    return list;
  }

  static String metric(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
  }

  /** 4m12s, 1h03m, 12s: how kubectl shows ages. */
  static String duration(Long seconds) {
    if (seconds == null) {
      return "-";
    }
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }

  /** Columns padded to their widest cell, three spaces apart, as kubectl prints them. */
  static String align(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length() + 3));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
