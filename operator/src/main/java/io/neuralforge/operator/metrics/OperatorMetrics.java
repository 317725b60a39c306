package io.neuralforge.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.neuralforge.api.v1alpha1.Phases;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The operator's Prometheus metrics: reconciliations, errors and their duration per controller
 * (through JOSDK's {@link Metrics} hook), TrainingRuns by phase, the wait from creation to a
 * running trainer, GPU-hours of finished trainer pods (from the GPU ledger), and export validation
 * results.
 */
public final class OperatorMetrics implements Metrics {
  private final Counter reconciliations;
  private final Counter errors;
  private final Histogram duration;
  private final Histogram queueWait;
  private final Counter gpuHours;
  private final Counter validations;
  private final Counter sweepRuns;
  private final Map<String, Supplier<Stream<? extends HasMetadata>>> caches =
      new ConcurrentHashMap<>();

  public OperatorMetrics(PrometheusRegistry registry) {
    reconciliations =
        Counter.builder()
            .name("neuralforge_reconciliations_total")
            .help("Reconciliations run, per controller")
            .labelNames("controller")
            .register(registry);
    errors =
        Counter.builder()
            .name("neuralforge_reconcile_errors_total")
            .help("Reconciliations that ended in an error (and will be retried), per controller")
            .labelNames("controller")
            .register(registry);
    duration =
        Histogram.builder()
            .name("neuralforge_reconcile_duration_seconds")
            .help("How long one reconciliation took, per controller")
            .labelNames("controller")
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .register(registry);
    queueWait =
        Histogram.builder()
            .name("neuralforge_trainingrun_queue_wait_seconds")
            .help("Time from a TrainingRun's creation until its trainer ran")
            .classicUpperBounds(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400)
            .register(registry);
    gpuHours =
        Counter.builder()
            .name("neuralforge_gpu_hours_total")
            .help(
                "GPU-hours of trainer pods that ended, per namespace and the GPU type of their"
                    + " node, as the GPU ledger recorded them")
            .labelNames("namespace", "gpu")
            .register(registry);
    validations =
        Counter.builder()
            .name("neuralforge_model_export_validations_total")
            .help("ModelExports validated against their trained model, by result")
            .labelNames("result")
            .register(registry);
    byPhase("neuralforge_trainingruns", "TrainingRuns the operator knows, by phase", "trainingrun")
        .register(registry);
    byPhase(
            "neuralforge_trainingsweeps",
            "TrainingSweeps the operator knows, by phase",
            "trainingsweep")
        .register(registry);
    sweepRuns =
        Counter.builder()
            .name("neuralforge_sweep_runs_created_total")
            .help("TrainingRuns created by TrainingSweeps")
            .register(registry);
  }

  /** A gauge of the resources in a controller's cache, by status.phase. */
  private GaugeWithCallback.Builder byPhase(String name, String help, String controller) {
    return GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("phase")
        .callback(
            callback -> {
              Supplier<Stream<? extends HasMetadata>> resources = caches.get(controller);
              if (resources == null) {
                return;
              }
              Map<String, Long> counts = new java.util.TreeMap<>();
              resources.get().forEach(r -> counts.merge(phaseOf(r), 1L, Long::sum));
              counts.forEach((phase, count) -> callback.call(count, phase));
            });
  }

  /** A sweep created a run. */
  public void sweepRunCreated() {
    sweepRuns.inc();
  }

  /** Lets the runs-by-phase gauge read a controller's cache of its resources. */
  public void watch(String controller, Supplier<Stream<? extends HasMetadata>> resources) {
    caches.put(controller, resources);
  }

  /** A run's trainer started: how long the run waited for it. */
  public void runStarted(String createdAt, Instant now) {
    if (createdAt != null) {
      queueWait.observe(Duration.between(Instant.parse(createdAt), now).toMillis() / 1000.0);
    }
  }

  /**
   * A trainer pod of {@code namespace} ended, having used {@code hours} GPU-hours of {@code gpu}.
   */
  public void gpuHoursUsed(String namespace, String gpu, double hours) {
    if (hours > 0) {
      gpuHours.labelValues(namespace, gpu).inc(hours);
    }
  }

  /** An export's validation ended. */
  public void exportValidated(boolean passed) {
    validations.labelValues(passed ? "passed" : "failed").inc();
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    String controller = execution.controllerName();
    long start = System.nanoTime();
    try {
      return execution.execute();
    } catch (Exception e) {
      errors.labelValues(controller).inc();
      throw e;
    } finally {
      reconciliations.labelValues(controller).inc();
      duration.labelValues(controller).observe((System.nanoTime() - start) / 1e9);
    }
  }

  private static String phaseOf(HasMetadata resource) {
    if (resource instanceof io.neuralforge.api.v1alpha1.TrainingRun run
        && run.getStatus() != null
        && run.getStatus().phase != null) {
      return run.getStatus().phase;
    }
    return Phases.PENDING;
  }
}
