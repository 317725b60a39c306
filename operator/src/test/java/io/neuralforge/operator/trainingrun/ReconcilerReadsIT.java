package io.neuralforge.operator.trainingrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.Interceptor.RequestTags;
import io.javaoperatorsdk.operator.Operator;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.OperatorClient;
import io.neuralforge.operator.OperatorMain;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.metrics.OperatorMetrics;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.Claims;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.KueueQueues;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the reconcilers ask the API server, counted by an interceptor on the operator's own client
 * (every request but a watch, LISTs included): they read the Architecture, the TrainingRun and the
 * Jobs from their informers, never by a GET, and runs waiting in a Kueue queue cost nothing at all.
 * And what retrying cannot cure (a GPU type the configuration has no node labels for) becomes the
 * run's Failed condition, not an endless retry.
 */
@RealCluster
class ReconcilerReadsIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Map<String, AtomicInteger> REQUESTS = new ConcurrentHashMap<>();
  private static KubernetesClient client;
  private static KubernetesClient counted;
  private static Operator operator;
  private static PrometheusRegistry registry;

  /**
   * Counts every request but watches, as "METHOD resource" for a collection (a list, a create) and
   * "METHOD resource/name[/subresource]" for one object.
   */
  private static final class Counting implements Interceptor {
    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      String query = request.uri().getQuery() == null ? "" : request.uri().getQuery();
      if (!query.contains("watch=")) {
        REQUESTS
            .computeIfAbsent(request.method() + " " + kind(request), k -> new AtomicInteger())
            .incrementAndGet();
      }
    }

    private static String kind(HttpRequest request) {
      List<String> parts = List.of(request.uri().getPath().split("/"));
      // /api/v1/... or /apis/GROUP/VERSION/...
      parts = parts.subList(parts.get(1).equals("api") ? 3 : 4, parts.size());
      if (parts.size() >= 2 && parts.get(0).equals("namespaces")) {
        parts = parts.subList(2, parts.size());
      }
      if (parts.isEmpty()) {
        return "namespaces";
      }
      return parts.get(0)
          + (parts.size() > 1 ? "/name" : "")
          + (parts.size() > 2 ? "/" + parts.get(2) : "");
    }
  }

  @BeforeAll
  static void startCountedOperator(KubernetesClient kubernetes) {
    client = kubernetes;
    counted =
        OperatorClient.builder()
            .withConfig(kubernetes.getConfiguration())
            .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count", new Counting()))
            .build();
    // no node labels for a10g: runs asking for one cannot be placed by this operator
    OperatorSettings settings =
        new OperatorSettings(
            null,
            null,
            Map.of(
                "t4",
                List.of(
                    new OperatorSettings.NodeLabel("nvidia.com/gpu.product", List.of("Tesla-T4")))),
            null,
            null,
            null,
            null,
            null,
            null);
    registry = new PrometheusRegistry();
    operator = OperatorMain.create(counted, settings, new OperatorMetrics(registry));
    operator.start();
  }

  @AfterAll
  static void stop() {
    operator.stop();
    counted.close();
  }

  /** Reconciliations of all controllers so far, as the operator's metrics count them. */
  private static long reconciliations() {
    return registry.scrape().stream()
        .filter(m -> m.getMetadata().getName().startsWith("neuralforge_reconciliations"))
        .filter(CounterSnapshot.class::isInstance)
        .flatMap(m -> ((CounterSnapshot) m).getDataPoints().stream())
        .mapToLong(d -> (long) d.getValue())
        .sum();
  }

  /** GETs of one object of that resource. */
  private static int gets(String resource) {
    AtomicInteger n = REQUESTS.get("GET " + resource + "/name");
    return n == null ? 0 : n.get();
  }

  @Test
  void reconcilesReadArchitecturesRunsAndJobsFromTheirInformers(
      ControlPlane plane, TestNamespace ns) throws IOException {
    TestManifests.createExample(plane, ns, "architectures/lenet-bn.yaml");
    Claims.create(plane, ns.name(), "models");
    for (String name : List.of("kept", "done")) {
      TestManifests.create(
          client,
          TrainingRun.class,
          """
          apiVersion: neuralforge.io/v1alpha1
          kind: TrainingRun
          metadata: {name: %s, namespace: %s}
          spec:
            architectureRef: {name: lenet-bn}
            dataset: {builtin: fashion-mnist}
            resources: {gpu: {type: t4}}
            output: {pvc: {claimName: models}}
            pod: {annotations: {neuralforge.io/kwok-outcome: %s}}
          """,
          name,
          ns.name(),
          name.equals("done") ? "succeed" : "run");
    }
    TestManifests.create(
        client,
        ModelExport.class,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: ModelExport
        metadata: {name: onnx, namespace: %s}
        spec:
          trainingRunRef: {name: done}
          pod:
            nodeSelector: {kubernetes.io/hostname: cpu-0}
            tolerations: [{key: kwok.x-k8s.io/node, operator: Exists, effect: NoSchedule}]
        """,
        ns.name());
    Await.phase(client, TrainingRun.class, ns, "kept", s -> s.phase, "Running", PATIENCE);
    await()
        .atMost(PATIENCE)
        .until(
            () -> client.resources(ModelExport.class).inNamespace(ns.name()).withName("onnx").get(),
            e -> e.getStatus() != null && e.getStatus().jobName != null);
    long before = reconciliations();
    // each edit of the Architecture reconciles the runs that name it (started ones included)
    for (int i = 0; i < 5; i++) {
      client
          .resources(Architecture.class)
          .inNamespace(ns.name())
          .withName("lenet-bn")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\": {\"labels\": {\"touched\": \"" + i + "\"}}}");
    }
    await().atMost(PATIENCE).until(() -> reconciliations() >= before + 3);
    System.out.printf(
        "API requests of the operator (not counting informers' watches) over %d reconciles: %s%n",
        reconciliations(), REQUESTS);
    assertThat(gets("architectures")).as("GET architectures").isZero();
    assertThat(gets("trainingruns")).as("GET trainingruns").isZero();
    assertThat(gets("jobs")).as("GET jobs").isZero();
    assertThat(gets("modelexports")).as("GET modelexports").isZero();
  }

  /** Every request counted so far, by "METHOD resource[/name[/subresource]]". */
  private static Map<String, Integer> counts() {
    Map<String, Integer> now = new TreeMap<>();
    REQUESTS.forEach((k, v) -> now.put(k, v.get()));
    return now;
  }

  @Test
  void runsQueuedInKueueCostTheApiServerNothingWhileTheyWait(ControlPlane plane, TestNamespace ns)
      throws InterruptedException {
    KueueQueues.t4Queue(client, ns.name(), ns.name(), "waiting");
    KueueQueues.quota(client, ns.name(), 0, 0);
    TestManifests.createLinear(client, ns, "mlp");
    int queued = 10;
    KueueQueues.createQueuedRuns(client, ns, "waiting", "mlp", queued);
    // Kueue's words reach each run's status by the Workload informer, not by asking
    await().atMost(PATIENCE).until(() -> KueueQueues.waitingForQuota(client, ns) == queued);
    Thread.sleep(10_000); // the last status writes land, Kueue's and ours
    Map<String, Integer> before = counts();
    Map<String, String> saidBefore = scheduledMessages(ns);
    Thread.sleep(20_000);
    Map<String, Integer> during = new TreeMap<>();
    counts()
        .forEach(
            (k, v) -> {
              if (v > before.getOrDefault(k, 0)) {
                during.put(k, v - before.getOrDefault(k, 0));
              }
            });
    assertThat(during)
        .as(
            "the operator's requests over 20 quiet seconds with %d runs queued; their Scheduled"
                + " conditions before: %s, after: %s",
            queued, saidBefore, scheduledMessages(ns))
        .isEmpty();
  }

  private static Map<String, String> scheduledMessages(TestNamespace ns) {
    Map<String, String> said = new TreeMap<>();
    for (TrainingRun r :
        client.resources(TrainingRun.class).inNamespace(ns.name()).list().getItems()) {
      r.getStatus().conditions.stream()
          .filter(c -> c.getType().equals("Scheduled"))
          .forEach(c -> said.put(r.getMetadata().getName(), c.getReason() + ": " + c.getMessage()));
    }
    return said;
  }

  @Test
  void aGpuTypeTheConfigurationCannotPlaceFailsTheRunWithAReasonInsteadOfRetrying(
      ControlPlane plane, TestNamespace ns) throws IOException {
    lenetRun(plane, ns, "nowhere", "resources: {gpu: {type: a10g}}");
    assertThat(invalidSpec(ns, "nowhere")).contains("spec.resources.gpu.type").contains("a10g");
  }

  @Test
  void aSpecPodTheOperatorDoesNotAllowFailsTheRunNamingTheFieldWithoutAJob(
      ControlPlane plane, TestNamespace ns) throws IOException {
    lenetRun(plane, ns, "everywhere", "pod: {tolerations: [{operator: Exists}]}");
    assertThat(invalidSpec(ns, "everywhere"))
        .startsWith("spec.pod.tolerations[0]: operator Exists without a key tolerates every taint");
  }

  /**
   * lenet-bn, and a run {@code name} training it on Fashion-MNIST with {@code more} in its spec.
   */
  private static void lenetRun(ControlPlane plane, TestNamespace ns, String name, String more)
      throws IOException {
    TestManifests.createExample(plane, ns, "architectures/lenet-bn.yaml");
    TestManifests.create(
        client,
        TrainingRun.class,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingRun
        metadata: {name: %s, namespace: %s}
        spec:
          architectureRef: {name: lenet-bn}
          dataset: {builtin: fashion-mnist}
          %s
        """,
        name,
        ns.name(),
        more);
  }

  /** The run Failed with reason InvalidSpec and no Job was made; the condition's message. */
  private static String invalidSpec(TestNamespace ns, String run) {
    TrainingRun failed =
        Await.phase(client, TrainingRun.class, ns, run, s -> s.phase, "Failed", PATIENCE);
    var condition =
        failed.getStatus().conditions.stream()
            .filter(c -> c.getType().equals("Failed"))
            .findFirst()
            .orElseThrow();
    assertThat(condition.getReason()).isEqualTo("InvalidSpec");
    assertThat(client.batch().v1().jobs().inNamespace(ns.name()).list().getItems()).isEmpty();
    return condition.getMessage();
  }
}
