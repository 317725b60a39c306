package io.neuralforge.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.OperatorProcess;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * make bench-operator (never part of make test): on the local control plane, how fast the operator
 * (OperatorMain in a JVM of its own) turns TrainingRuns into Jobs, beside how fast Kubernetes' own
 * Job controller turns Jobs into Pods on the same API server: one at a time (p50, p95) and 1,000 at
 * once (until the last exists), and the operator's heap after a full GC. Runs are suspended and the
 * anchor's pods unschedulable, so nothing trains: what is measured is the controllers.
 */
@RealCluster
class OperatorBench {
  private static final int ONE_AT_A_TIME = Integer.getInteger("neuralforge.benchSequential", 100);
  private static final int AT_ONCE = Integer.getInteger("neuralforge.benchBurst", 1000);
  private static final int VOLUME = Integer.getInteger("neuralforge.benchVolume", 10_000);

  /** The heap the chart gives the operator: 75% of its 1 GiB memory limit. */
  private static final String CHART_HEAP = "-Xmx768m";

  private static final Duration PATIENCE = Duration.ofMinutes(10);

  @Test
  void operatorBesideTheJobController(ControlPlane plane, TestNamespace ns, KubernetesClient client)
      throws Exception {
    Path logs = Files.createTempDirectory("operator-bench");
    OperatorProcess operator =
        OperatorProcess.start(plane, logs.resolve("operator.log"), CHART_HEAP);
    try {
      TestManifests.createExample(plane, ns, "architectures/mlp-digits.yaml");
      Await.phase(client, Architecture.class, ns, "mlp-digits", s -> s.phase, "Valid", PATIENCE);
      Route<Job> toJobs = new Route<>(this::run, Job.class, OperatorBench::jobOwner);
      Route<Pod> toPods = new Route<>(this::job, Pod.class, OperatorBench::podOwner);
      // warm both routes (the operator's informers and JIT, the API server's caches)
      sequential(client, ns, 5, "warm-run-", toJobs);
      sequential(client, ns, 5, "warm-job-", toPods);

      Latencies ours = sequential(client, ns, ONE_AT_A_TIME, "run-", toJobs);
      Latencies theirs = sequential(client, ns, ONE_AT_A_TIME, "job-", toPods);
      Burst oursBurst = burst(client, ns, AT_ONCE, "burst-run-", toJobs);
      Burst theirsBurst = burst(client, ns, AT_ONCE, "burst-job-", toPods);
      double heap = operator.heapAfterGcMiB();
      int runs = ONE_AT_A_TIME + AT_ONCE + 5;
      // fill up to VOLUME runs, each with its suspended Job: what the operator holds by volume
      burst(client, ns, Math.max(0, VOLUME - runs), "volume-run-", toJobs);
      double heapByVolume = operator.heapAfterGcMiB();
      long rss = operator.residentMiB();
      StringWriter text = new StringWriter();
      PrintWriter report = new PrintWriter(text);
      report.printf(
          "%nOperator beside Kubernetes' Job controller, same API server (%d one at a time, %d at once)%n",
          ONE_AT_A_TIME, AT_ONCE);
      report.printf("%-36s%10s%10s%14s%n", "", "p50", "p95", "all at once");
      row(report, "neuralforge: TrainingRun -> Job", ours.toChild(), oursBurst.toChildren());
      row(report, "  of which the create call", ours.call(), oursBurst.calls());
      row(report, "Job controller: Job -> Pod", theirs.toChild(), theirsBurst.toChildren());
      row(report, "  of which the create call", theirs.call(), theirsBurst.calls());
      report.printf(
          "operator heap after a full GC: %.1f MiB (%d runs in its caches)%n", heap, runs);
      report.printf(
          "operator heap after a full GC: %.1f MiB, resident %d MiB (%d runs with suspended Jobs;"
              + " the chart gives it %s)%n%n",
          heapByVolume, rss, Math.max(runs, VOLUME), CHART_HEAP);
      report.printf(
          "targets: p50 < 30 ms, p95 <= the Job controller's, %d runs < 20 s, heap at %d runs < 512"
              + " MiB%n",
          AT_ONCE, VOLUME);
      report.flush();
      System.out.print(text);
      Files.writeString(Path.of("target", "bench-operator.txt"), text.toString());
    } finally {
      operator.kill();
    }
  }

  private static void row(PrintWriter report, String what, List<Long> millis, long allMillis) {
    report.printf(
        "%-36s%8d ms%7d ms%11.1f s%n", what, pct(millis, 50), pct(millis, 95), allMillis / 1000.0);
  }

  /**
   * Per object, milliseconds from the create call until its child was seen, and until the create
   * call itself returned: the API server's share, which no controller can make shorter.
   */
  private record Latencies(List<Long> toChild, List<Long> call) {}

  /** Milliseconds until every child was seen, and until every create call had returned. */
  private record Burst(long toChildren, long calls) {}

  /** Creates {@code count} objects one after another; each one's time until its child exists. */
  private static <C extends HasMetadata> Latencies sequential(
      KubernetesClient client, TestNamespace ns, int count, String prefix, Route<C> route)
      throws Exception {
    Map<String, CompletableFuture<Long>> seen = new ConcurrentHashMap<>();
    Latencies latencies = new Latencies(new ArrayList<>(), new ArrayList<>());
    try (Watch watch = watchChildren(client, ns, route, seen)) {
      for (int i = 0; i < count; i++) {
        String name = prefix + i;
        long start = System.nanoTime();
        route.create().create(client, ns, name);
        latencies.call().add((System.nanoTime() - start) / 1_000_000);
        long born = arrival(seen, name).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        latencies.toChild().add((born - start) / 1_000_000);
      }
    }
    return latencies;
  }

  /** Creates {@code count} objects from 16 threads; milliseconds until every child exists. */
  private static <C extends HasMetadata> Burst burst(
      KubernetesClient client, TestNamespace ns, int count, String prefix, Route<C> route)
      throws Exception {
    Map<String, CompletableFuture<Long>> seen = new ConcurrentHashMap<>();
    try (Watch watch = watchChildren(client, ns, route, seen)) {
      long start = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      for (int i = 0; i < count; i++) {
        String name = prefix + i;
        pool.submit(
            () -> {
              route.create().create(client, ns, name);
              return null;
            });
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(PATIENCE.toMinutes(), TimeUnit.MINUTES)).isTrue();
      long calls = (System.nanoTime() - start) / 1_000_000;
      long last = start;
      for (int i = 0; i < count; i++) {
        last =
            Math.max(
                last, arrival(seen, prefix + i).get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
      }
      return new Burst((last - start) / 1_000_000, calls);
    }
  }

  private static <C extends HasMetadata> Watch watchChildren(
      KubernetesClient client,
      TestNamespace ns,
      Route<C> route,
      Map<String, CompletableFuture<Long>> seen) {
    return client
        .resources(route.childType())
        .inNamespace(ns.name())
        .watch(
            new Watcher<C>() {
              @Override
              public void eventReceived(Action action, C child) {
                String parent = route.parentOf().apply(child);
                if (action == Action.ADDED && parent != null) {
                  arrival(seen, parent).complete(System.nanoTime());
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  /** When the named parent's child was seen (nanoTime), completed by the watch. */
  private static CompletableFuture<Long> arrival(
      Map<String, CompletableFuture<Long>> seen, String parent) {
    return seen.computeIfAbsent(parent, k -> new CompletableFuture<>());
  }

  private static String jobOwner(Job job) {
    var refs = job.getMetadata().getOwnerReferences();
    return refs == null || refs.isEmpty() ? null : refs.get(0).getName();
  }

  private static String podOwner(Pod pod) {
    var labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get("job-name");
  }

  /** What a controller turns into what: how to create a parent, its child's kind and link. */
  private record Route<C extends HasMetadata>(
      Creator create, Class<C> childType, Function<C, String> parentOf) {}

  @FunctionalInterface
  private interface Creator {
    void create(KubernetesClient client, TestNamespace ns, String name);
  }

  private void run(KubernetesClient client, TestNamespace ns, String name) {
    TestManifests.create(
        client,
        TrainingRun.class,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingRun
        metadata: {name: %s, namespace: %s}
        spec:
          architectureRef: {name: mlp-digits}
          dataset: {builtin: digits}
          resources: {gpu: {type: none}}
          runPolicy: {suspend: true}
        """,
        name,
        ns.name());
  }

  /** A Job the Job controller gives a Pod at once; the Pod can never be scheduled. */
  private void job(KubernetesClient client, TestNamespace ns, String name) {
    client
        .resource(
            new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns.name())
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withNewTemplate()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withNodeSelector(Map.of("neuralforge.io/bench", "no-such-node"))
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(65532L)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                .withName("idle")
                .withImage("neuralforge/trainer:0.1.0-cpu")
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  private static long pct(List<Long> values, int percentile) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(
        Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
  }
}
