package io.neuralforge.operator.trainingrun.budget;

import io.fabric8.kubernetes.api.model.Namespace;
import io.neuralforge.api.v1alpha1.TrainingRun;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Locale;

/**
 * A namespace's monthly GPU-hour budget, the annotation {@value #ANNOTATION} on the Namespace, and
 * whether a GPU run may start under it. GPU-hours are the runs' own status.gpuHours, counted for
 * runs still going or finished this calendar month (UTC). Pure.
 */
public final class GpuBudgets {
  public static final String ANNOTATION = "neuralforge.io/gpu-hours-per-month";

  private GpuBudgets() {}

  /** Why a GPU run must wait, or null when it may start (no budget, or some left). */
  public static String exhausted(Namespace namespace, Collection<TrainingRun> runs, Instant now) {
    String value = annotation(namespace);
    if (value == null) {
      return null;
    }
    String name = namespace.getMetadata().getName();
    double allowed;
    try {
      allowed = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      allowed = -1;
    }
    if (!(allowed >= 0)) {
      return "namespace "
          + name
          + " has "
          + ANNOTATION
          + ": \""
          + value
          + "\", not a number of hours; GPU runs wait until it is one";
    }
    YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
    double used = used(runs, month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    if (used < allowed) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "namespace %s used %.2f of its %s GPU-hours for %s; GPU runs wait until next month or a"
            + " larger budget",
        name,
        used,
        value.strip(),
        month);
  }

  /** The namespace's budget as written, or null. */
  public static String annotation(Namespace namespace) {
    var annotations = namespace == null ? null : namespace.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(ANNOTATION);
  }

  /** When this month's GPU-hours stop counting: the first instant of next month, UTC. */
  public static Instant nextMonth(Instant now) {
    return YearMonth.from(now.atZone(ZoneOffset.UTC))
        .plusMonths(1)
        .atDay(1)
        .atStartOfDay()
        .toInstant(ZoneOffset.UTC);
  }

  /** GPU-hours of the runs going now or finished since {@code since}. */
  public static double used(Collection<TrainingRun> runs, Instant since) {
    double used = 0;
    for (TrainingRun run : runs) {
      var s = run.getStatus();
      if (s == null || s.gpuHours == null) {
        continue;
      }
      if (s.completionTime == null || !Instant.parse(s.completionTime).isBefore(since)) {
        used += s.gpuHours;
      }
    }
    return used;
  }
}
