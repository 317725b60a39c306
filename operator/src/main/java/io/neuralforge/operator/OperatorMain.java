package io.neuralforge.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.neuralforge.operator.architecture.ArchitectureReconciler;
import io.neuralforge.operator.cache.CachedForm;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.events.KubernetesEventSink;
import io.neuralforge.operator.health.HealthEndpoint;
import io.neuralforge.operator.metrics.OperatorMetrics;
import io.neuralforge.operator.modelexport.ModelExportReconciler;
import io.neuralforge.operator.trainingrun.TrainingRunReconciler;
import io.neuralforge.operator.trainingsweep.TrainingSweepReconciler;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the operator against the current kubeconfig (or the in-cluster service account). */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);
  public static final String COMPONENT = "neuralforge-operator";

  private OperatorMain() {}

  public static void main(String[] args) {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(
          String.join(
              "\n",
              "neuralforge-operator: reconciles Architectures, TrainingRuns, ModelExports and TrainingSweeps.",
              "Configuration (environment):",
              "  NEURALFORGE_OPERATOR_CONFIG            YAML file of operator settings",
              "  NEURALFORGE_WATCH_NAMESPACES           comma-separated namespaces (default: all)",
              "  NEURALFORGE_LEADER_ELECTION_NAMESPACE  where the leader Lease lives (default: none)",
              "  NEURALFORGE_OPERATOR_NAMESPACE         where the GPU ledgers live (default: the client's)",
              "  NEURALFORGE_METRICS_PORT               /metrics and /-/healthy (default: 8080)"));
      return;
    }
    String config = System.getenv("NEURALFORGE_OPERATOR_CONFIG");
    OperatorSettings settings;
    try {
      settings = OperatorSettings.load(config == null ? null : Path.of(config));
    } catch (IOException | RuntimeException e) {
      LOG.error("cannot read the operator configuration {}: {}", config, e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = OperatorClient.builder().build();
    PrometheusRegistry registry = PrometheusRegistry.defaultRegistry;
    JvmMetrics.builder().register(registry);
    String watch = System.getenv().getOrDefault("NEURALFORGE_WATCH_NAMESPACES", "");
    Set<String> namespaces =
        java.util.Arrays.stream(watch.split(","))
            .map(String::strip)
            .filter(n -> !n.isEmpty())
            .collect(java.util.stream.Collectors.toSet());
    Operator operator =
        create(
            client,
            settings,
            new OperatorMetrics(registry),
            namespaces,
            leaderElection(System.getenv("NEURALFORGE_LEADER_ELECTION_NAMESPACE"), true));
    int port = Integer.parseInt(System.getenv().getOrDefault("NEURALFORGE_METRICS_PORT", "8080"));
    try {
      // /metrics for Prometheus, /-/healthy for the kubelet's probes (the informers' health)
      HTTPServer.builder()
          .port(port)
          .registry(registry)
          .registerHealthHandler(false)
          .defaultHandler(HealthEndpoint.of(operator))
          .buildAndStart();
    } catch (IOException e) {
      LOG.error("cannot serve metrics on port {}: {}", port, e.getMessage());
      System.exit(3);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.stop();
                  client.close();
                },
                "shutdown"));
    operator.start();
    LOG.info("{} started against {}", COMPONENT, client.getMasterUrl());
  }

  /**
   * The operator's own namespace, where it keeps the GPU ledgers: NEURALFORGE_OPERATOR_NAMESPACE
   * (the chart sets it to the release namespace), else the client's namespace (in a pod, its own),
   * else default.
   */
  public static String operatorNamespace(KubernetesClient client) {
    String set = System.getenv("NEURALFORGE_OPERATOR_NAMESPACE");
    if (set != null && !set.isBlank()) {
      return set.strip();
    }
    return client.getNamespace() == null ? "default" : client.getNamespace();
  }

  /**
   * A Lease in {@code namespace} (null: no election). A replica that loses the lease exits, when
   * {@code exitOnLoss}, so that it restarts as a clean standby.
   */
  public static LeaderElectionConfiguration leaderElection(String namespace, boolean exitOnLoss) {
    return namespace == null || namespace.isBlank()
        ? null
        : LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(COMPONENT + "-leader")
            .withLeaseNamespace(namespace)
            .withExitOnStopLeading(exitOnLoss)
            .build();
  }

  /** The operator with every reconciler registered, not started (the tests run this too). */
  public static Operator create(
      KubernetesClient client, OperatorSettings settings, OperatorMetrics metrics) {
    return create(client, settings, metrics, Set.of(), null);
  }

  /**
   * @param namespaces the namespaces to watch; empty for all
   * @param leaderElection how replicas elect a leader; null runs without election
   */
  public static Operator create(
      KubernetesClient client,
      OperatorSettings settings,
      OperatorMetrics metrics,
      Set<String> namespaces,
      LeaderElectionConfiguration leaderElection) {
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(metrics)
                  .withResourceCloner(OperatorClient.cloner(client.getKubernetesSerialization()));
              if (leaderElection != null) {
                o.withLeaderElectionConfiguration(leaderElection);
              }
            });
    KubernetesEventSink events = new KubernetesEventSink(client, COMPONENT);
    operator.register(
        new ArchitectureReconciler(events, Clock.systemUTC()), o -> watch(o, namespaces));
    operator.register(
        new TrainingRunReconciler(
            settings, events, metrics, Clock.systemUTC(), operatorNamespace(client)),
        o -> watch(o, namespaces));
    operator.register(
        new ModelExportReconciler(settings, events, metrics, Clock.systemUTC()),
        o -> watch(o, namespaces));
    operator.register(
        new TrainingSweepReconciler(events, metrics, Clock.systemUTC()), o -> watch(o, namespaces));
    return operator;
  }

  /**
   * The namespaces a controller watches; watching all (one informer per kind), its cache keeps its
   * resources without their managedFields (see {@link CachedForm}).
   */
  private static <R extends HasMetadata> void watch(
      ControllerConfigurationOverrider<R> controller, Set<String> namespaces) {
    if (namespaces.isEmpty()) {
      controller.withItemStore(CachedForm.primaryStore());
    } else {
      controller.settingNamespaces(namespaces);
    }
  }
}
