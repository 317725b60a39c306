package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.metrics.OperatorMetrics;
import io.neuralforge.operator.status.JobConditions;
import io.neuralforge.operator.trainingrun.budget.GpuBudgets;
import io.neuralforge.operator.trainingrun.budget.GpuLedger;
import io.neuralforge.operator.trainingrun.budget.GpuLedgerStore;
import io.neuralforge.operator.trainingrun.budget.LedgerUpdate;
import io.neuralforge.operator.trainingrun.budget.NodeGpuTypes;
import io.neuralforge.operator.trainingrun.budget.PodDepartures;
import io.neuralforge.operator.trainingrun.budget.PodUse;
import io.neuralforge.operator.trainingrun.objects.GpuPlacement;
import io.neuralforge.operator.workload.Owners;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a reconcile of a GPU run tells its namespace's GPU ledger: the trainer pods the informers
 * show (and those seen going away) and the runs still going, before it decides; and, before a GPU
 * run's Job is created, its reservation.
 */
final class RunLedger {
  static final String SOURCE = "gpu-ledgers";

  private final Context<TrainingRun> context;
  private final GpuLedgerStore store;
  private final PodDepartures departures;
  private final NodeGpuTypes nodes;
  private final OperatorMetrics metrics;

  @SuppressWarnings("unchecked")
  RunLedger(
      Context<TrainingRun> context,
      String home,
      PodDepartures departures,
      NodeGpuTypes nodes,
      OperatorMetrics metrics) {
    this.context = context;
    var ledgers =
        (InformerEventSource<ConfigMap, TrainingRun>)
            context.eventSourceRetriever().getEventSourceFor(ConfigMap.class, SOURCE);
    this.store =
        new GpuLedgerStore(
            context.getClient(),
            home,
            name -> ledgers.get(new ResourceID(name, home)).orElse(null),
            (map, replaced) -> {
              if (replaced == null) {
                ledgers.handleRecentResourceCreate(ResourceID.fromResource(map), map);
              } else {
                ledgers.handleRecentResourceUpdate(ResourceID.fromResource(map), map, replaced);
              }
            });
    this.departures = departures;
    this.nodes = nodes;
    this.metrics = metrics;
  }

  /** The namespace's ledger with what the caches show now recorded. */
  GpuLedger record(String namespace, Instant now) {
    List<Job> jobs = listed(Job.class, namespace);
    Map<String, Job> jobByUid =
        jobs.stream().collect(Collectors.toMap(j -> j.getMetadata().getUid(), j -> j, (a, b) -> a));
    List<PodUse> present =
        listed(Pod.class, namespace).stream()
            .map(p -> PodUse.of(p, jobByUid.get(Owners.controllerUid(p)), now, false))
            .filter(Objects::nonNull)
            .toList();
    Map<String, PodUse> departed = departures.of(namespace);
    Function<String, String> gpuType = nodes::of;
    GpuLedgerStore.Change change =
        store.update(
            namespace,
            ledger ->
                LedgerUpdate.next(ledger, present, departed, gpuType, runs(namespace, jobs), now));
    departures.recorded(departed.keySet());
    LedgerUpdate.closedSince(change.before(), change.after())
        .forEach(p -> metrics.gpuHoursUsed(namespace, p.gpu(), p.hours(now)));
    return change.after();
  }

  /**
   * Records the run's reservation if the namespace's ledger, as it is now, still admits it; the
   * ledger either way.
   */
  GpuLedger reserve(RunFacts facts) {
    TrainingRun run = facts.run();
    return store
        .update(
            run.getMetadata().getNamespace(),
            ledger -> {
              GpuBudgets.Admission a = RunDecisions.admission(facts, ledger);
              return a.reserve()
                  ? ledger.reserve(
                      run.getMetadata().getUid(),
                      new GpuLedger.Reservation(
                          run.getMetadata().getName(),
                          GpuPlacement.gpus(run),
                          a.deadlineSeconds(),
                          facts.now()))
                  : ledger;
            })
        .after();
  }

  private LedgerUpdate.Runs runs(String namespace, List<Job> jobs) {
    Set<String> runs =
        context
            .getPrimaryCache()
            .list(namespace)
            .map(r -> r.getMetadata().getUid())
            .collect(Collectors.toSet());
    Set<String> withJob = new HashSet<>();
    Set<String> finished = new HashSet<>();
    for (Job job : jobs) {
      for (OwnerReference o : job.getMetadata().getOwnerReferences()) {
        withJob.add(o.getUid());
        if (JobConditions.holding(job, JobConditions.COMPLETE) != null
            || JobConditions.holding(job, JobConditions.FAILED) != null) {
          finished.add(o.getUid());
        }
      }
    }
    return new LedgerUpdate.Runs(runs, withJob, finished);
  }

  @SuppressWarnings("unchecked")
  private <R extends io.fabric8.kubernetes.api.model.HasMetadata> List<R> listed(
      Class<R> type, String namespace) {
    return context.eventSourceRetriever().getEventSourcesFor(type).stream()
        .filter(InformerEventSource.class::isInstance)
        .flatMap(s -> ((InformerEventSource<R, TrainingRun>) s).list(namespace))
        .toList();
  }
}
