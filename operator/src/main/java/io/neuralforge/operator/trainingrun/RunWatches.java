package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.cache.CachedForm;
import io.neuralforge.operator.trainingrun.budget.GpuBudgets;
import io.neuralforge.operator.trainingrun.budget.GpuLedgerStore;
import io.neuralforge.operator.trainingrun.budget.PodDepartures;
import io.neuralforge.operator.trainingrun.kueue.QueueMessages;
import io.neuralforge.operator.trainingrun.objects.RunLabels;
import io.neuralforge.operator.trainingrun.reading.PodRefusals;
import io.neuralforge.operator.workload.Owners;
import io.neuralforge.operator.workload.References;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the TrainingRun controller watches, and how each object finds its run: the run's Job
 * and pods, its Architecture, its Namespace (the GPU-hour budget), its namespace's GPU ledger (in
 * the operator's own namespace), the Job controller's FailedCreate events (a pod the API server
 * refused) and, where Kueue is installed, Kueue's Workloads (why a queued Job waits). A reconcile
 * reads these caches and nothing else, but for a node's GPU type once per node.
 */
final class RunWatches {
  private static final String BY_ARCHITECTURE = "architecture";
  private static final String BY_JOB = "job";
  private static final String FAILED_CREATE = "FailedCreate";
  private static final GroupVersionKind WORKLOAD =
      new GroupVersionKind("kueue.x-k8s.io", "v1beta2", "Workload");

  private RunWatches() {}

  /**
   * @param ledgerHome the operator's own namespace, where the GPU ledgers live
   * @param departures told of each trainer pod deleted, so that its ledger charges it to then
   */
  static List<EventSource<?, TrainingRun>> of(
      EventSourceContext<TrainingRun> context,
      String ledgerHome,
      PodDepartures departures,
      Clock clock) {
    References.index(context, BY_ARCHITECTURE, RunWatches::architectureName);
    var jobs =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Job.class, TrainingRun.class)
                .withLabelSelector(RunLabels.SELECTOR)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(TrainingRun.class))
                .withItemStore(CachedForm.store(context, CachedForm::job))
                .build(),
            context);
    var pods =
        InformerEventSourceConfiguration.from(Pod.class, TrainingRun.class)
            .withLabelSelector(RunLabels.SELECTOR)
            .withItemStore(CachedForm.store(context, CachedForm::pod))
            .withSecondaryToPrimaryMapper(
                (Pod pod) ->
                    Set.of(
                        new ResourceID(
                            pod.getMetadata().getLabels().get(Labels.TRAINING_RUN),
                            pod.getMetadata().getNamespace())))
            .build();
    var architectures =
        InformerEventSourceConfiguration.from(Architecture.class, TrainingRun.class)
            .withItemStore(CachedForm.<Architecture>store(context, a -> a))
            .withSecondaryToPrimaryMapper(
                References.<TrainingRun, Architecture>referrers(context, BY_ARCHITECTURE))
            .withPrimaryToSecondaryMapper(
                (TrainingRun run) -> References.named(architectureName(run), run))
            .build();
    var namespaces =
        InformerEventSourceConfiguration.from(Namespace.class, TrainingRun.class)
            .withWatchAllNamespaces() // cluster-scoped
            .withFollowControllerNamespacesChanges(false)
            .withOnUpdateFilter(
                (Namespace now, Namespace before) ->
                    !Objects.equals(GpuBudgets.annotation(now), GpuBudgets.annotation(before)))
            .withSecondaryToPrimaryMapper(
                (Namespace ns) ->
                    context
                        .getPrimaryCache()
                        .list(ns.getMetadata().getName())
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(
                (TrainingRun run) -> Set.of(new ResourceID(run.getMetadata().getNamespace())))
            .build();
    var refusals =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Event.class, TrainingRun.class)
                .withFieldSelector(
                    new FieldSelector(
                        new FieldSelector.Field("involvedObject.kind", "Job"),
                        new FieldSelector.Field("reason", FAILED_CREATE)))
                .withItemStore(CachedForm.<Event>store(context, e -> e))
                .withSecondaryToPrimaryMapper(
                    (Event e) ->
                        runOfJob(
                            jobs, e.getInvolvedObject().getName(), e.getMetadata().getNamespace()))
                .build(),
            context);
    refusals.addIndexer(
        BY_JOB, e -> List.of(key(e.getMetadata().getNamespace(), e.getInvolvedObject().getName())));
    List<EventSource<?, TrainingRun>> sources = new ArrayList<>();
    sources.add(jobs);
    sources.add(
        new InformerEventSource<>(pods, context) {
          @Override
          public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            departures.seen(pod, jobOf(jobs, pod), clock.instant());
            super.onDelete(pod, deletedFinalStateUnknown);
          }
        });
    sources.add(new InformerEventSource<>(ledgers(context, ledgerHome), context));
    sources.add(new InformerEventSource<>(architectures, context));
    sources.add(new InformerEventSource<>(namespaces, context));
    sources.add(refusals);
    if (kueueInstalled(context.getClient())) {
      var workloads =
          new InformerEventSource<>(
              InformerEventSourceConfiguration.from(WORKLOAD, TrainingRun.class)
                  .withItemStore(CachedForm.<GenericKubernetesResource>store(context, w -> w))
                  .withSecondaryToPrimaryMapper(workloadToRun(jobs))
                  .build(),
              context);
      workloads.addIndexer(
          BY_JOB,
          w -> {
            String jobUid = QueueMessages.jobUid(w);
            return jobUid == null
                ? List.of()
                : List.of(key(w.getMetadata().getNamespace(), jobUid));
          });
      sources.add(workloads);
    }
    return sources;
  }

  /**
   * The GPU ledgers in the operator's namespace: a reservation released wakes the runs of the
   * ledger's namespace (one of them may start now); other writes only refresh the cache.
   */
  private static InformerEventSourceConfiguration<ConfigMap> ledgers(
      EventSourceContext<TrainingRun> context, String home) {
    return InformerEventSourceConfiguration.from(ConfigMap.class, TrainingRun.class)
        .withName(RunLedger.SOURCE)
        .withNamespaces(Set.of(home))
        .withFollowControllerNamespacesChanges(false)
        .withLabelSelector(Labels.GPU_LEDGER)
        .withOnAddFilter(map -> false)
        .withOnUpdateFilter(GpuLedgerStore::releasedAny)
        .withSecondaryToPrimaryMapper(
            (ConfigMap map) ->
                context
                    .getPrimaryCache()
                    .list(map.getMetadata().getLabels().get(Labels.GPU_LEDGER))
                    .map(ResourceID::fromResource)
                    .collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper(
            (TrainingRun run) ->
                Set.of(new ResourceID(GpuLedgerStore.name(run.getMetadata().getNamespace()), home)))
        .build();
  }

  /** The Job controlling a pod, from the Jobs' cache; null when it is gone. */
  private static Job jobOf(InformerEventSource<Job, TrainingRun> jobs, Pod pod) {
    String uid = Owners.controllerUid(pod);
    return jobs.list(pod.getMetadata().getNamespace())
        .filter(j -> j.getMetadata().getUid().equals(uid))
        .findFirst()
        .orElse(null);
  }

  /** The Architecture a run names; null for a run whose spec could not be read. */
  private static String architectureName(TrainingRun run) {
    return run.getSpec() == null ? null : run.getSpec().architectureRef.name;
  }

  /** Kueue's Workload API is served (asked once, at start: install Kueue, then restart us). */
  private static boolean kueueInstalled(KubernetesClient client) {
    try {
      var resources = client.getApiResources(WORKLOAD.getGroup() + "/" + WORKLOAD.getVersion());
      return resources != null
          && resources.getResources().stream().anyMatch(r -> "workloads".equals(r.getName()));
    } catch (KubernetesClientException notServed) {
      return false;
    }
  }

  /** A Workload stands for the Job that owns it. */
  private static SecondaryToPrimaryMapper<GenericKubernetesResource> workloadToRun(
      InformerEventSource<Job, TrainingRun> jobs) {
    return w ->
        w.getMetadata().getOwnerReferences().stream()
            .filter(o -> "Job".equals(o.getKind()))
            .flatMap(o -> runOfJob(jobs, o.getName(), w.getMetadata().getNamespace()).stream())
            .collect(Collectors.toSet());
  }

  /** The run owning a trainer Job, by the Job in its informer; none for a Job not ours. */
  private static Set<ResourceID> runOfJob(
      InformerEventSource<Job, TrainingRun> jobs, String name, String namespace) {
    return jobs.get(new ResourceID(name, namespace))
        .map(job -> Mappers.fromOwnerReferences(TrainingRun.class).toPrimaryResourceIDs(job))
        .orElse(Set.of());
  }

  /** The API server's latest refusal of the Job's pod, from the FailedCreate events' cache. */
  static String refusal(Context<TrainingRun> context, Job job) {
    return PodRefusals.latest(
        byJob(
            context,
            Event.class,
            key(job.getMetadata().getNamespace(), job.getMetadata().getName())),
        job);
  }

  /** Kueue's word on a queued Job, from the Workloads' cache; null without Kueue. */
  static String queueMessage(Context<TrainingRun> context, Job job) {
    return QueueMessages.of(
        byJob(
            context,
            GenericKubernetesResource.class,
            key(job.getMetadata().getNamespace(), job.getMetadata().getUid())));
  }

  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> List<R> byJob(
      Context<TrainingRun> context, Class<R> type, String key) {
    return context.eventSourceRetriever().getEventSourcesFor(type).stream()
        .filter(InformerEventSource.class::isInstance)
        .flatMap(s -> ((InformerEventSource<R, TrainingRun>) s).byIndex(BY_JOB, key).stream())
        .toList();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
