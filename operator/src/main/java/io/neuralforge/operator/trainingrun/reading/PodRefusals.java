package io.neuralforge.operator.trainingrun.reading;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;

/**
 * Why a Job has no pod: the API server refused to create it (a ResourceQuota, a LimitRange, an
 * admission webhook). Job conditions do not say so; the Job controller's FailedCreate events do.
 * Pure.
 */
public final class PodRefusals {
  private PodRefusals() {}

  /**
   * The API server's words from the Job's latest FailedCreate event (an event of an earlier Job of
   * the same name does not count), or null when none.
   */
  public static String latest(Collection<Event> failedCreates, Job job) {
    return failedCreates.stream()
        .filter(e -> Objects.equals(e.getInvolvedObject().getUid(), job.getMetadata().getUid()))
        .max(Comparator.comparing(PodRefusals::when))
        .map(e -> refusal(e.getMessage()))
        .orElse(null);
  }

  private static String when(Event e) {
    String last =
        e.getLastTimestamp() != null
            ? e.getLastTimestamp()
            : e.getEventTime() == null ? null : e.getEventTime().getTime();
    return last == null ? "" : last;
  }

  /** "Error creating: pods "x" is forbidden: exceeded quota: ..." without the preamble. */
  public static String refusal(String message) {
    if (message == null) {
      return null;
    }
    int forbidden = message.indexOf("is forbidden: ");
    return forbidden < 0
        ? message.strip()
        : message.substring(forbidden + "is forbidden: ".length()).strip();
  }
}
