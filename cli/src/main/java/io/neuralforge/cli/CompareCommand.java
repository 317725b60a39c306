package io.neuralforge.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neuralforge.api.v1alpha1.SweepObjective;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code neuralforge compare}: runs side by side, best first, with what differs between them. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compares TrainingRuns side by side, best first: the spec fields that differ between them,",
      "their metrics, phase, GPU-hours and duration. Reads the cluster of the current kubeconfig,",
      "or, with --local, folders written by neuralforge train.",
      "Exit code 0: compared; 1: --curves found no history to draw; 2: unknown runs or bad usage;",
      "3: the cluster could not be reached."
    })
final class CompareCommand implements Callable<Integer> {
  @Option(
      names = {"-n", "--namespace"},
      description = "namespace (default: the kubeconfig context's, else default)")
  String namespace;

  @Option(
      names = {"-l", "--selector"},
      description = "compare the runs matching this label selector")
  String selector;

  @Option(names = "--sweep", description = "compare the runs of this TrainingSweep")
  String sweep;

  @Option(names = "--local", description = "the arguments are neuralforge train output folders")
  boolean local;

  @Option(
      names = "--sort",
      paramLabel = "METRIC",
      description =
          "a key of status.metrics (default: the sweep's objective, else validationAccuracy)")
  String sort;

  @Option(
      names = "--curves",
      paramLabel = "FILE.png",
      description = "also draw every run's validation accuracy and loss per epoch into this PNG")
  Path curves;

  @Option(
      names = {"-o", "--output"},
      description = "text or json (default: ${DEFAULT-VALUE})",
      defaultValue = "text")
  ReportFormat format;

  @Parameters(paramLabel = "RUN", arity = "0..*", description = "run names; with --local, folders")
  List<String> runs = new ArrayList<>();

  /** The runs found, and where they came from: for the chart's subtitle. */
  private record Found(List<RunFacts> runs, SweepObjective objective, String source) {}

  @Override
  public Integer call() throws IOException {
    try {
      return compare();
    } catch (KubernetesClientException e) {
      return ClusterRuns.failed(e);
    }
  }

  private int compare() throws IOException {
    requireOneSelection();
    Found found = local ? local() : cluster();
    RunOrder order = RunOrder.of(sort, found.objective());
    if (found.runs().stream().allMatch(r -> r.metric(order.metric()) == null)) {
      System.err.println(
          "neuralforge: no run has the metric " + order.metric() + "; shown in the order found");
    }
    List<RunFacts> sorted = order.sort(found.runs());
    CompareReport report = new CompareReport(sorted, order.metric());
    switch (format) {
      case text -> System.out.print(report.text());
      case json -> System.out.println(Manifests.toJson(report.json()));
    }
    if (curves == null) {
      return Main.OK;
    }
    if (sorted.stream().allMatch(r -> r.history().isEmpty())) {
      ErrorLine.print("neuralforge: --curves: no run has a per-epoch history yet; nothing drawn");
      return Main.REJECTED;
    }
    CurvesOverlay.write(
        "Validation accuracy and loss per epoch",
        found.source() + "; legend best first by " + order.describe(),
        sorted,
        curves);
    System.err.println("neuralforge: curves written to " + curves);
    return Main.OK;
  }

  private void requireOneSelection() {
    if (local) {
      if (selector != null || sweep != null || namespace != null) {
        throw new UserInputException(
            "--local compares folders; -l, --sweep and -n are for runs in the cluster");
      }
      if (runs.isEmpty()) {
        throw new UserInputException("--local needs one or more neuralforge train output folders");
      }
      return;
    }
    int ways = (runs.isEmpty() ? 0 : 1) + (selector == null ? 0 : 1) + (sweep == null ? 0 : 1);
    if (ways == 0) {
      throw new UserInputException(
          "name the runs to compare, or give -l SELECTOR, --sweep NAME or --local DIR...");
    }
    if (ways > 1) {
      throw new UserInputException(
          "give runs by name, by -l SELECTOR or by --sweep NAME, not several");
    }
  }

  private Found local() {
    List<RunFacts> facts = new ArrayList<>();
    for (String dir : runs) {
      facts.add(OutputFolder.read(Path.of(dir)).facts());
    }
    return new Found(labelled(facts, runs), null, runs.size() + " local runs");
  }

  /** Two folders of the same manifest have one name: then the folders tell them apart. */
  static List<RunFacts> labelled(List<RunFacts> facts, List<String> folders) {
    Map<String, Integer> count = new HashMap<>();
    facts.forEach(f -> count.merge(f.name(), 1, Integer::sum));
    List<RunFacts> labelled = new ArrayList<>();
    for (int i = 0; i < facts.size(); i++) {
      RunFacts f = facts.get(i);
      labelled.add(count.get(f.name()) > 1 ? f.named(folders.get(i)) : f);
    }
    return labelled;
  }

  private Found cluster() {
    try (KubernetesClient client = ClusterRuns.connect()) {
      ClusterRuns cluster = new ClusterRuns(client, namespace, System.err);
      String ns = cluster.namespace();
      List<TrainingRun> found;
      SweepObjective objective = null;
      String source;
      if (sweep != null) {
        TrainingSweep s = cluster.sweep(sweep);
        objective = s.getSpec() == null ? null : s.getSpec().objective;
        found = cluster.ofSweep(sweep);
        source = "TrainingSweep " + sweep + " in " + ns + ", " + found.size() + " runs";
      } else if (selector != null) {
        found = cluster.selected(selector);
        source = "TrainingRuns " + selector + " in " + ns + ", " + found.size() + " runs";
      } else {
        found = cluster.named(runs);
        source = found.size() + " TrainingRuns in " + ns;
      }
      Instant now = Instant.now();
      return new Found(found.stream().map(r -> RunFacts.of(r, now)).toList(), objective, source);
    }
  }
}
