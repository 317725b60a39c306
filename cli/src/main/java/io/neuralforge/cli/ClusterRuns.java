package io.neuralforge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.RunOutputFiles;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.operator.OperatorClient;
import io.neuralforge.operator.trainingrun.objects.RunNames;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The runs {@code compare} and {@code diff} read from the cluster, in one namespace: by name, by
 * label selector or by sweep, and the Architecture each one trained. Objects that are not there
 * become one-line {@link UserInputException}s naming them.
 */
final class ClusterRuns {
  /** The label the operator puts on a sweep's runs (see RESOURCES.md, TrainingSweep). */
  private final KubernetesClient client;

  private final String namespace;
  private final PrintStream notes;

  /**
   * The current kubeconfig's cluster, read leniently (see {@link OperatorClient}). One retry, not
   * the client's ten: a person waits at the terminal for an unreachable cluster.
   */
  static KubernetesClient connect() {
    Config config =
        new ConfigBuilder(Config.autoConfigure(null)).withRequestRetryBackoffLimit(1).build();
    return OperatorClient.builder().withConfig(config).build();
  }

  /**
   * @param namespace null for the kubeconfig context's namespace, else "default"
   * @param notes where to say what the reader had to make do with (stderr)
   */
  ClusterRuns(KubernetesClient client, String namespace, PrintStream notes) {
    this.client = client;
    this.namespace =
        namespace != null
            ? namespace
            : client.getNamespace() != null ? client.getNamespace() : "default";
    this.notes = notes;
  }

  String namespace() {
    return namespace;
  }

  List<TrainingRun> named(List<String> names) {
    List<TrainingRun> runs = new ArrayList<>();
    for (String name : names) {
      runs.add(run(name));
    }
    return runs;
  }

  TrainingRun run(String name) {
    TrainingRun run =
        client.resources(TrainingRun.class).inNamespace(namespace).withName(name).get();
    if (run == null) {
      throw new UserInputException("TrainingRun " + name + " not found in namespace " + namespace);
    }
    return noted(run);
  }

  List<TrainingRun> selected(String selector) {
    List<TrainingRun> runs =
        client
            .resources(TrainingRun.class)
            .inNamespace(namespace)
            .withLabelSelector(selector)
            .list()
            .getItems();
    if (runs.isEmpty()) {
      throw new UserInputException(
          "no TrainingRun in namespace " + namespace + " matches the selector " + selector);
    }
    runs.forEach(this::noted);
    return runs;
  }

  TrainingSweep sweep(String name) {
    TrainingSweep sweep =
        client.resources(TrainingSweep.class).inNamespace(namespace).withName(name).get();
    if (sweep == null) {
      throw new UserInputException(
          "TrainingSweep " + name + " not found in namespace " + namespace);
    }
    return sweep;
  }

  /** The sweep's runs in the order it created them. */
  List<TrainingRun> ofSweep(String sweep) {
    List<TrainingRun> runs =
        new ArrayList<>(
            client
                .resources(TrainingRun.class)
                .inNamespace(namespace)
                .withLabel(Labels.SWEEP, sweep)
                .list()
                .getItems());
    if (runs.isEmpty()) {
      throw new UserInputException(
          "TrainingSweep " + sweep + " has no runs in namespace " + namespace + " yet");
    }
    runs.sort(Comparator.comparingLong(ClusterRuns::sweepIndex));
    runs.forEach(this::noted);
    return runs;
  }

  /**
   * The Architecture spec the run trained: its snapshot ConfigMap, else (a run that has not
   * started, or whose snapshot was deleted) the live Architecture, said on stderr since it may have
   * changed since.
   */
  RunDiff.Side side(TrainingRun run) {
    String name = run.getMetadata().getName();
    JsonNode spec =
        run.getSpec() == null
            ? Manifests.JSON.createObjectNode()
            : Manifests.JSON.valueToTree(run.getSpec());
    String snapshotName = snapshotName(run);
    ConfigMap snapshot =
        snapshotName == null
            ? null
            : client.configMaps().inNamespace(namespace).withName(snapshotName).get();
    if (snapshot != null
        && snapshot.getData() != null
        && snapshot.getData().get(RunOutputFiles.ARCHITECTURE) != null) {
      JsonNode architecture =
          parse(snapshotName, snapshot.getData().get(RunOutputFiles.ARCHITECTURE));
      return new RunDiff.Side(
          name,
          spec,
          architecture.path("metadata").path("name").asText(null),
          architecture.path("spec"));
    }
    String archName = spec.path("architectureRef").path("name").asText(null);
    if (archName == null) {
      throw new UserInputException(
          "TrainingRun " + name + " names no architecture (spec.architectureRef)");
    }
    Architecture live =
        client.resources(Architecture.class).inNamespace(namespace).withName(archName).get();
    if (live == null || live.getSpec() == null) {
      throw new UserInputException(
          "TrainingRun "
              + name
              + ": no architecture snapshot"
              + (snapshotName == null ? "" : " (ConfigMap " + snapshotName + ")")
              + " and Architecture "
              + archName
              + " not found in namespace "
              + namespace);
    }
    notes.println(
        "neuralforge: TrainingRun "
            + name
            + ": no architecture snapshot"
            + (snapshotName == null
                ? " (not started)"
                : " (ConfigMap " + snapshotName + " is gone)")
            + "; using the live Architecture "
            + archName
            + ", which may have changed since");
    return new RunDiff.Side(name, spec, archName, Manifests.JSON.valueToTree(live.getSpec()));
  }

  /** Where the operator put the run's snapshot: recorded in status, else named from the hash. */
  static String snapshotName(TrainingRun run) {
    var recorded = run.getStatus() == null ? null : run.getStatus().reproducibility;
    if (recorded == null) {
      return null;
    }
    if (recorded.architectureSnapshot != null) {
      return recorded.architectureSnapshot;
    }
    try {
      return recorded.architectureGraphHash == null
          ? null
          : RunNames.snapshot(run, recorded.architectureGraphHash);
    } catch (IndexOutOfBoundsException notAHash) {
      return null; // a hash too short to name anything: fall back to the live Architecture
    }
  }

  /**
   * An API failure as the exit code says it: a request the API server refused as malformed (a bad
   * selector) is bad usage (2); anything else (unreachable, forbidden) is 3, with one line.
   */
  static int failed(KubernetesClientException e) {
    if (e.getCode() == 400 || e.getCode() == 422) {
      throw new UserInputException(describe(e));
    }
    ErrorLine.print("neuralforge: " + describe(e));
    return Main.UNEXPECTED;
  }

  /** One line for any API failure: what was asked, and the deepest cause that says why. */
  static String describe(KubernetesClientException e) {
    StringBuilder line = new StringBuilder("cannot read from the cluster");
    if (e.getCode() > 0) {
      line.append(" (HTTP ").append(e.getCode()).append(')');
    }
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return line.append(": ")
          .append(e.getStatus().getMessage())
          .toString(); // the API server's own
    }
    line.append(": ")
        .append(e.getMessage().strip().replace(" with name: [null]", "").replaceAll("\\.$", ""));
    String why = null;
    for (Throwable t = e.getCause(); t != null && why == null; t = t.getCause()) {
      if (t.getMessage() != null && !e.getMessage().contains(t.getMessage())) {
        why = t.toString();
      } else if (t.getMessage() == null && t.getClass() != IOException.class) {
        why = t.getClass().getName(); // a refused connection says no more than its class
      }
    }
    if (why != null) {
      line.append(": ").append(why);
    }
    if (e.getCode() <= 0) {
      line.append(" (is the current kubeconfig context's cluster reachable?)");
    }
    return line.toString().replaceAll("\\s+", " ").strip();
  }

  private TrainingRun noted(TrainingRun run) {
    if (run.readProblem() != null) {
      notes.println(
          "neuralforge: TrainingRun "
              + run.getMetadata().getName()
              + " read in part: "
              + run.readProblem());
    }
    return run;
  }

  private static long sweepIndex(TrainingRun run) {
    var labels = run.getMetadata().getLabels();
    try {
      return Long.parseLong(labels == null ? "" : labels.getOrDefault(Labels.SWEEP_INDEX, ""));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // not made by the sweep: after its own runs
    }
  }

  private static JsonNode parse(String configMap, String json) {
    try {
      return Manifests.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UserInputException(
          "ConfigMap " + configMap + ": " + RunOutputFiles.ARCHITECTURE + " is not JSON");
    }
  }
}
