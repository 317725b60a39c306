package io.neuralforge.operator.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What a pod last reported in an object's status (a tracking or registry server that failed it, a
 * model registered), as announced in this process, so that a report becomes one event, not one per
 * reconcile. The report is the tenant's to write (through the pod's token): what is kept is its
 * hash, one entry per object, and objects no longer cached are forgotten.
 */
public final class AnnouncedReports {
  private static final int FIRST_SWEEP = 1024;

  private final Map<String, Integer> announced = new ConcurrentHashMap<>();
  private volatile int sweepAt = FIRST_SWEEP;

  /** Whether {@code report} is not the one last announced for the object; remembers it. */
  public boolean isNew(String uid, String report) {
    return !Integer.valueOf(report.hashCode()).equals(announced.put(uid, report.hashCode()));
  }

  /**
   * Forgets the objects {@code cached} no longer holds, each time the entries have doubled since
   * the last time: at most twice as many entries as objects, at a cost shared by the announcements
   * in between.
   */
  public void forgetGone(IndexedResourceCache<? extends HasMetadata> cached) {
    if (announced.size() < sweepAt) {
      return;
    }
    Set<String> live = cached.list().map(r -> r.getMetadata().getUid()).collect(Collectors.toSet());
    announced.keySet().retainAll(live);
    sweepAt = Math.max(FIRST_SWEEP, 2 * announced.size());
  }

  int size() {
    return announced.size();
  }
}
