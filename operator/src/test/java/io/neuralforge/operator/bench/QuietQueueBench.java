package io.neuralforge.operator.bench;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.KueueQueues;
import io.neuralforge.operator.testing.OperatorProcess;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * make bench-quiet (never part of make test): what a cluster pays for runs that wait. The operator
 * (in a JVM of its own) and real Kueue, {@code neuralforge.benchQueued} runs (300) in a Kueue queue
 * with no quota, all Queued; then the API server's own request counters over a quiet minute, by
 * verb and resource, and the operator's CPU over the same minute. Nothing should change while they
 * wait, so every request counted is someone polling.
 */
@RealCluster
class QuietQueueBench {
  private static final int QUEUED = Integer.getInteger("neuralforge.benchQueued", 300);
  private static final Duration QUIET = Duration.ofSeconds(60);
  private static final Pattern REQUEST =
      Pattern.compile("^apiserver_request_total\\{(.*)} ([0-9.e+]+)$", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  @Test
  void requestsOverAQuietMinuteWithRunsQueued(
      ControlPlane plane, TestNamespace ns, KubernetesClient client) throws Exception {
    Path logs = Files.createTempDirectory("quiet-bench");
    String queue = ns.name();
    KueueQueues.t4Queue(client, queue, ns.name(), "waiting");
    KueueQueues.quota(client, queue, 0, 0);
    OperatorProcess operator = OperatorProcess.start(plane, logs.resolve("operator.log"));
    try {
      TestManifests.createLinear(client, ns, "mlp");
      KueueQueues.createQueuedRuns(client, ns, "waiting", "mlp", QUEUED);
      Awaitility.await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(5))
          .until(() -> KueueQueues.waitingForQuota(client, ns) == QUEUED);
      Thread.sleep(30_000); // let the last writes settle, Kueue's too
      Map<String, Double> before = requests(client);
      Instant quietStart = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      double cpuBefore = operator.cpuSeconds();
      Thread.sleep(QUIET.toMillis());
      Map<String, Double> after = requests(client);
      double cpu = operator.cpuSeconds() - cpuBefore;
      StringWriter text = new StringWriter();
      PrintWriter report = new PrintWriter(text);
      report.printf(
          "%n%d runs queued in Kueue without quota; API server requests over a quiet %d s"
              + " (per second; leases and watches left out)%n",
          QUEUED, QUIET.toSeconds());
      after.forEach(
          (key, count) -> {
            double delta = count - before.getOrDefault(key, 0.0);
            if (delta > 0 && !key.contains("leases") && !key.startsWith("WATCH")) {
              report.printf("  %-60s %8.2f/s%n", key, delta / QUIET.toSeconds());
            }
          });
      report.printf("operator CPU: %.1f %% of a core%n", 100 * cpu / QUIET.toSeconds());
      report.printf("events in the namespace over the minute, by who reported them and why:%n");
      eventsSince(client, ns, quietStart)
          .forEach((who, count) -> report.printf("  %-60s %8d%n", who, count));
      report.println();
      report.flush();
      System.out.print(text);
      Files.writeString(Path.of("target", "bench-quiet.txt"), text.toString());
    } finally {
      operator.kill();
    }
  }

  /** The namespace's events last seen after {@code since}, counted by reporter and reason. */
  private static Map<String, Integer> eventsSince(
      KubernetesClient client, TestNamespace ns, Instant since) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Event e : client.v1().events().inNamespace(ns.name()).list().getItems()) {
      String last =
          e.getLastTimestamp() != null
              ? e.getLastTimestamp()
              : e.getEventTime() == null ? null : e.getEventTime().getTime();
      if (last != null && !Instant.parse(last).isBefore(since)) {
        String who =
            e.getReportingComponent() != null && !e.getReportingComponent().isEmpty()
                ? e.getReportingComponent()
                : e.getSource() == null ? "?" : e.getSource().getComponent();
        counts.merge(who + " " + e.getReason(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** apiserver_request_total summed by "VERB group/resource/subresource". */
  private static Map<String, Double> requests(KubernetesClient client) {
    String metrics = client.raw("/metrics");
    Map<String, Double> counts = new TreeMap<>();
    Matcher m = REQUEST.matcher(metrics);
    while (m.find()) {
      Map<String, String> labels = new TreeMap<>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      String key =
          labels.get("verb")
              + " "
              + (labels.get("group").isEmpty() ? "" : labels.get("group") + "/")
              + labels.get("resource")
              + (labels.get("subresource").isEmpty() ? "" : "/" + labels.get("subresource"));
      counts.merge(key, Double.parseDouble(m.group(2)), Double::sum);
    }
    return counts;
  }
}
