package io.neuralforge.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code neuralforge diff}: what differs between two runs, down to the architecture's nodes. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what differs between two TrainingRuns: hyperparameters, dataset, resources, and every",
      "node of the architecture they trained that was added, removed or changed. A run is a name",
      "in the cluster (its architecture from the snapshot the operator took) or a folder written",
      "by neuralforge train.",
      "Exit code 0: compared (identical or not); 2: unknown runs or bad usage; 3: the cluster",
      "could not be reached."
    })
final class DiffCommand implements Callable<Integer> {
  @Option(
      names = {"-n", "--namespace"},
      description = "namespace of runs named (default: the kubeconfig context's, else default)")
  String namespace;

  @Option(
      names = {"-o", "--output"},
      description = "text or json (default: ${DEFAULT-VALUE})",
      defaultValue = "text")
  ReportFormat format;

  @Parameters(index = "0", paramLabel = "A", description = "a run name or an output folder")
  String a;

  @Parameters(index = "1", paramLabel = "B", description = "a run name or an output folder")
  String b;

  @Override
  public Integer call() throws IOException {
    try {
      RunDiff diff;
      if (isFolder(a) && isFolder(b)) {
        diff = new RunDiff(local(a), local(b));
      } else {
        try (KubernetesClient client = ClusterRuns.connect()) {
          ClusterRuns cluster = new ClusterRuns(client, namespace, System.err);
          diff = new RunDiff(side(a, cluster), side(b, cluster));
        }
      }
      switch (format) {
        case text -> System.out.print(diff.text());
        case json -> System.out.println(Manifests.toJson(diff.json()));
      }
      return Main.OK;
    } catch (KubernetesClientException e) {
      return ClusterRuns.failed(e);
    }
  }

  /**
   * A folder when one is there, or when the argument can only be a path: a Kubernetes name has no
   * slash (so {@code out/a} that does not exist says so instead of looking up a run).
   */
  static boolean isFolder(String arg) {
    return Files.isDirectory(Path.of(arg)) || arg.contains("/") || arg.startsWith(".");
  }

  private static RunDiff.Side side(String arg, ClusterRuns cluster) {
    return isFolder(arg) ? local(arg) : cluster.side(cluster.run(arg));
  }

  static RunDiff.Side local(String dir) {
    OutputFolder folder = OutputFolder.read(Path.of(dir));
    return new RunDiff.Side(
        folder.name() + " (" + dir + ")",
        folder.spec(),
        folder.architectureName(),
        folder.architectureSpec());
  }
}
