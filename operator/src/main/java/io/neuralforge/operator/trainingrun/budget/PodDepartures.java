package io.neuralforge.operator.trainingrun.budget;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Trainer pods with GPUs seen going away (the pod informer's deletes), until their namespace's
 * ledger records them: a pod deleted with its run is charged up to when it went, even though no
 * reconcile of that run comes again. Held in memory; bounded.
 */
public final class PodDepartures {
  private static final int HELD = 10_000;

  private record Departure(String namespace, PodUse use) {}

  private final Map<String, Departure> byUid = new ConcurrentHashMap<>();

  /** A pod of {@code job} (null when gone) was deleted at {@code at}. */
  public void seen(Pod pod, Job job, Instant at) {
    PodUse use = PodUse.of(pod, job, at, true);
    if (use == null) {
      return;
    }
    if (byUid.size() >= HELD) {
      byUid.clear(); // unrecorded ones end when next seen missing: later, never earlier
    }
    byUid.put(use.uid(), new Departure(pod.getMetadata().getNamespace(), use));
  }

  /** The namespace's departed pods not yet recorded, by uid. */
  public Map<String, PodUse> of(String namespace) {
    return byUid.values().stream()
        .filter(d -> d.namespace().equals(namespace))
        .collect(Collectors.toMap(d -> d.use().uid(), Departure::use));
  }

  /** These pods are in their ledger now. */
  public void recorded(Collection<String> uids) {
    uids.forEach(byUid::remove);
  }
}
