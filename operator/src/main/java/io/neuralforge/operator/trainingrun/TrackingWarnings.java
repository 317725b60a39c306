package io.neuralforge.operator.trainingrun;

import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.neuralforge.api.v1alpha1.TrainingRun;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The tracking warning last announced for each run, in this process, so that a warning becomes one
 * event, not one per reconcile. The warning is the tenant's to write (through the trainer's token):
 * what is kept is its hash, one entry per run, and runs no longer cached are forgotten.
 */
final class TrackingWarnings {
  private static final int FIRST_SWEEP = 1024;

  private final Map<String, Integer> announced = new ConcurrentHashMap<>();
  private volatile int sweepAt = FIRST_SWEEP;

  /** Whether {@code warning} is not the one last announced for the run; remembers it. */
  boolean isNew(String runUid, String warning) {
    return !Integer.valueOf(warning.hashCode()).equals(announced.put(runUid, warning.hashCode()));
  }

  /**
   * Forgets the runs {@code runs} no longer holds, each time the entries have doubled since the
   * last time: at most twice as many entries as runs, at a cost shared by the announcements in
   * between.
   */
  void forgetGone(IndexedResourceCache<TrainingRun> runs) {
    if (announced.size() < sweepAt) {
      return;
    }
    Set<String> live = runs.list().map(r -> r.getMetadata().getUid()).collect(Collectors.toSet());
    announced.keySet().retainAll(live);
    sweepAt = Math.max(FIRST_SWEEP, 2 * announced.size());
  }

  int size() {
    return announced.size();
  }
}
