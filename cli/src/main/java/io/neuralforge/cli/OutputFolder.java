package io.neuralforge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuralforge.api.reading.ReadProblem;
import io.neuralforge.api.v1alpha1.HistoryPoint;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.RunOutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A folder {@code neuralforge train} wrote: the run and architecture manifests it trained, and,
 * once training finished, metrics.json and history.csv.
 *
 * @param architecture the Architecture manifest; null when the folder lacks it
 * @param metrics null until training finished
 * @param device what it trained on (metrics.json's device), or null
 * @param history the epochs, and the time they took (null without history.csv)
 */
record OutputFolder(
    Path dir,
    ObjectNode run,
    ObjectNode architecture,
    Map<String, Number> metrics,
    History history,
    String device) {

  /** history.csv: one point per epoch, and the seconds all epochs took together. */
  record History(List<HistoryPoint> points, Long seconds) {}

  /** A folder whose training has not finished (or failed): there is no metrics.json. */
  static final String INCOMPLETE = "Incomplete";

  static OutputFolder read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new UserInputException(dir + ": no such folder");
    }
    Path runFile = dir.resolve(RunOutputFiles.RUN);
    if (!Files.isRegularFile(runFile)) {
      throw new UserInputException(
          dir + ": not a neuralforge train output folder (no " + RunOutputFiles.RUN + ")");
    }
    ObjectNode run = object(runFile);
    Path archFile = dir.resolve(RunOutputFiles.ARCHITECTURE);
    ObjectNode architecture = Files.isRegularFile(archFile) ? object(archFile) : null;
    Path metricsFile = dir.resolve(RunOutputFiles.METRICS);
    ObjectNode metricsJson = Files.isRegularFile(metricsFile) ? object(metricsFile) : null;
    Map<String, Number> metrics = metricsJson == null ? null : RunFacts.numbers(metricsJson);
    String device = metricsJson == null ? null : metricsJson.path("device").asText(null);
    Path historyFile = dir.resolve(RunOutputFiles.HISTORY);
    History history =
        Files.isRegularFile(historyFile)
            ? history(historyFile, text(historyFile))
            : new History(List.of(), null);
    return new OutputFolder(dir, run, architecture, metrics, history, device);
  }

  String name() {
    return run.path("metadata").path("name").asText(dir.getFileName().toString());
  }

  JsonNode spec() {
    return run.path("spec");
  }

  /** The Architecture's spec; a folder without it cannot be diffed. */
  JsonNode architectureSpec() {
    if (architecture == null) {
      throw new UserInputException(
          dir
              + ": no "
              + RunOutputFiles.ARCHITECTURE
              + " (is it a neuralforge train output folder?)");
    }
    return architecture.path("spec");
  }

  String architectureName() {
    return architecture == null ? null : architecture.path("metadata").path("name").asText(null);
  }

  /** Locally there are no GPU-hours; the duration is the epochs' time. */
  RunFacts facts() {
    return new RunFacts(
        name(),
        spec(),
        metrics == null ? Map.of() : metrics,
        metrics == null ? INCOMPLETE : Phases.SUCCEEDED,
        null,
        history.seconds(),
        history.points(),
        device,
        null);
  }

  /** history.csv, read by its header: columns may be added, and NaN is an empty value. */
  static History history(Path file, String csv) {
    List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      return new History(List.of(), null);
    }
    List<String> header = Arrays.asList(lines.get(0).strip().split(","));
    if (!header.contains("epoch")) {
      throw new UserInputException(file + ": line 1: no epoch column");
    }
    List<HistoryPoint> points = new ArrayList<>();
    double seconds = 0;
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).strip().split(",", -1);
      if (cells.length != header.size()) {
        throw new UserInputException(
            file
                + ": line "
                + (i + 1)
                + ": "
                + cells.length
                + " values, "
                + header.size()
                + " columns");
      }
      HistoryPoint p = new HistoryPoint();
      Double epoch = cell(file, i, header, cells, "epoch");
      if (epoch == null) {
        throw new UserInputException(file + ": line " + (i + 1) + ": no epoch");
      }
      p.epoch = epoch.intValue();
      p.trainLoss = cell(file, i, header, cells, "trainLoss");
      p.validationLoss = cell(file, i, header, cells, "validationLoss");
      p.validationAccuracy = cell(file, i, header, cells, "validationAccuracy");
      p.validationDice = cell(file, i, header, cells, "validationDice");
      p.learningRate = cell(file, i, header, cells, "learningRate");
      Double epochSeconds = cell(file, i, header, cells, "seconds");
      seconds += epochSeconds == null ? 0 : epochSeconds;
      points.add(p);
    }
    return new History(points, header.contains("seconds") ? Math.round(seconds) : null);
  }

  private static Double cell(
      Path file, int line, List<String> header, String[] cells, String name) {
    int column = header.indexOf(name);
    if (column < 0 || cells[column].isBlank()) {
      return null;
    }
    try {
      double v = Double.parseDouble(cells[column].strip());
      return Double.isFinite(v) ? v : null;
    } catch (NumberFormatException e) {
      throw new UserInputException(
          file + ": line " + (line + 1) + ": " + name + " is not a number: " + cells[column]);
    }
  }

  private static ObjectNode object(Path file) {
    try {
      JsonNode node = Manifests.JSON.readTree(text(file));
      if (node == null || !node.isObject()) {
        throw new UserInputException(file + ": not a JSON object");
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      throw new UserInputException(file + ": " + ReadProblem.describe(e));
    }
  }

  private static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read: " + e.getMessage());
    }
  }
}
