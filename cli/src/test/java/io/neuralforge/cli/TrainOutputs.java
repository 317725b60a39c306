package io.neuralforge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Folders laid out as {@code neuralforge train} leaves them (run.json, architecture.json,
 * metrics.json, history.csv), with figures the test chooses: training for real is for the
 * end-to-end tests.
 */
final class TrainOutputs {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final String DIGITS_RUN = "../examples/trainingruns/digits-mlp.yaml";
  static final String DIGITS_ARCH = "../examples/architectures/mlp-digits.yaml";
  static final String HISTORY_HEADER =
      "epoch,trainLoss,trainAccuracy,validationLoss,validationAccuracy,validationDice,learningRate,seconds\n";

  private TrainOutputs() {}

  /** The digits-mlp example run, renamed. */
  static ObjectNode run(String name) {
    ObjectNode run = Manifests.read(DIGITS_RUN).get(0);
    ((ObjectNode) run.get("metadata")).put("name", name);
    return run;
  }

  /** The mlp-digits example architecture. */
  static ObjectNode architecture() {
    return Manifests.read(DIGITS_ARCH).get(0);
  }

  static ObjectNode hyperparameters(ObjectNode run) {
    return (ObjectNode) run.get("spec").get("hyperparameters");
  }

  /** The node {@code id} of an Architecture manifest. */
  static ObjectNode node(ObjectNode architecture, String id) {
    for (var node : architecture.get("spec").get("nodes")) {
      if (node.get("id").asText().equals(id)) {
        return (ObjectNode) node;
      }
    }
    throw new IllegalArgumentException(id);
  }

  static ArrayNode nodes(ObjectNode architecture) {
    return (ArrayNode) architecture.get("spec").get("nodes");
  }

  /** A finished run's metrics.json, as the trainer writes it. */
  static ObjectNode metrics(double validationAccuracy, double validationLoss, double trainLoss) {
    ObjectNode m = JSON.createObjectNode();
    m.put("trainLoss", trainLoss);
    m.put("trainAccuracy", 0.9);
    m.put("validationLoss", validationLoss);
    m.put("validationAccuracy", validationAccuracy);
    m.put("bestEpoch", 2);
    m.put("epochs", 2);
    m.put("samplesPerSecond", 900);
    m.putArray("devices").add("cpu()");
    m.put("device", "cpu, 2 threads");
    return m;
  }

  /**
   * history.csv for epochs that move from {@code start} accuracy up by {@code step}, 1.5 s each.
   */
  static String history(int epochs, double start, double step) {
    StringBuilder csv = new StringBuilder(HISTORY_HEADER);
    for (int e = 1; e <= epochs; e++) {
      double acc = start + step * (e - 1);
      csv.append(
          String.format(
              Locale.ROOT,
              "%d,%.6f,%.6f,%.6f,%.6f,NaN,%.6g,1.50%n",
              e,
              1.2 - acc,
              acc,
              1.1 - acc,
              acc,
              0.003));
    }
    return csv.toString();
  }

  /**
   * Writes a folder; {@code metrics} and {@code history} may be null (training that did not
   * finish).
   */
  static Path write(
      Path dir, ObjectNode run, ObjectNode architecture, ObjectNode metrics, String history)
      throws IOException {
    Files.createDirectories(dir);
    JSON.writeValue(dir.resolve("run.json").toFile(), run);
    JSON.writeValue(dir.resolve("architecture.json").toFile(), architecture);
    if (metrics != null) {
      JSON.writeValue(dir.resolve("metrics.json").toFile(), metrics);
    }
    if (history != null) {
      Files.writeString(dir.resolve("history.csv"), history);
    }
    return dir;
  }
}
