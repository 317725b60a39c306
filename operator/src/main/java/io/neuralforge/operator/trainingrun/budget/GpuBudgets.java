package io.neuralforge.operator.trainingrun.budget;

import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * A namespace's monthly GPU-hour budget, the annotation {@value #ANNOTATION} on the Namespace, and
 * whether a GPU run may start under it: the hours its ledger records this calendar month (UTC),
 * plus what the runs going may still use, plus what this run may use, stay within the budget. A run
 * may use its GPUs for as long as its Job may take, and its Job may take no longer than what
 * remains, so runs started together cannot all take the last hour. Pure.
 */
public final class GpuBudgets {
  public static final String ANNOTATION = "neuralforge.io/gpu-hours-per-month";

  /** Less than this left for a run's GPUs, and it waits: no run starts for a few seconds. */
  static final long MIN_SECONDS = 60;

  /** Runs going with a reservation at once, per namespace: what keeps the ledger small. */
  static final int MAX_RESERVATIONS = 1000;

  private GpuBudgets() {}

  /**
   * The verdict on a GPU run about to start.
   *
   * @param waitReason why it must wait, or null when it may start
   * @param deadlineSeconds the activeDeadlineSeconds its Job gets (null: as its spec says)
   * @param reserve whether to record {@code deadlineSeconds} of its GPUs in the ledger first
   */
  public record Admission(String waitReason, Long deadlineSeconds, boolean reserve) {}

  /**
   * @param runUid the run about to start
   * @param gpus its GPUs
   * @param deadline its spec.runPolicy.activeDeadlineSeconds, or null
   */
  public static Admission admit(
      Namespace namespace, GpuLedger ledger, String runUid, int gpus, Long deadline, Instant now) {
    String value = annotation(namespace);
    if (value == null) {
      return new Admission(null, deadline, false);
    }
    String name = namespace.getMetadata().getName();
    double allowed;
    try {
      allowed = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      allowed = -1;
    }
    if (!(allowed >= 0) || Double.isInfinite(allowed)) {
      return new Admission(
          "namespace "
              + name
              + " has "
              + ANNOTATION
              + ": \""
              + value
              + "\", not a number of hours; GPU runs wait until it is one",
          null,
          false);
    }
    var held = ledger.reservations().get(runUid);
    if (held != null) {
      return new Admission(null, held.seconds(), false); // reserved already: start as reserved
    }
    YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
    double used = ledger.used(month, now);
    double outstanding = ledger.outstanding(now);
    long left = (long) Math.floor((allowed - used - outstanding) * 3600 / gpus);
    if (left < MIN_SECONDS || ledger.reservations().size() >= MAX_RESERVATIONS) {
      return new Admission(
          String.format(
              Locale.ROOT,
              "namespace %s used %.2f of its %s GPU-hours for %s, and its GPU runs going may use"
                  + " %.2f more; GPU runs wait until one ends, next month or a larger budget",
              name,
              used,
              value.strip(),
              month,
              outstanding),
          null,
          false);
    }
    return new Admission(null, deadline == null ? left : Math.min(deadline, left), true);
  }

  /** The namespace's budget as written, or null. */
  public static String annotation(Namespace namespace) {
    var annotations = namespace == null ? null : namespace.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ANNOTATION);
  }

  /** When this month's GPU-hours stop counting: the first instant of next month, UTC. */
  public static Instant nextMonth(Instant now) {
    return GpuLedger.startOf(YearMonth.from(now.atZone(ZoneOffset.UTC)).plusMonths(1));
  }
}
