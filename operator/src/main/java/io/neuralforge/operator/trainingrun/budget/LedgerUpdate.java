package io.neuralforge.operator.trainingrun.budget;

import io.neuralforge.operator.trainingrun.budget.GpuLedger.PodHours;
import io.neuralforge.operator.trainingrun.budget.GpuLedger.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The next ledger of a namespace from what the operator sees of its trainer pods and runs: pods
 * recorded once and closed once, by uid (so a repeated or concurrent update changes nothing);
 * reservations of runs no longer going released; finished pods of past months rolled up into the
 * month's total, so that the ledger stays small. Pure.
 */
public final class LedgerUpdate {
  /** Finished pods of this month kept one by one; older ones go into the month's total. */
  static final int MAX_FINISHED = 500;

  /** Months whose totals are kept, this one included. */
  static final int MONTHS_KEPT = 13;

  /** How long a reservation waits for its run's Job to appear before it lapses. */
  static final Duration JOB_GRACE = Duration.ofMinutes(10);

  private LedgerUpdate() {}

  /**
   * What the namespace's runs are, for their reservations.
   *
   * @param runs the uids of the namespace's runs
   * @param withJob the uids of runs with a trainer Job
   * @param jobFinished the uids of runs whose Job finished (Complete or Failed)
   */
  public record Runs(Set<String> runs, Set<String> withJob, Set<String> jobFinished) {}

  /**
   * @param present the namespace's trainer pods with GPUs, as the cache shows them now
   * @param departed pods seen going away (their end is when), by uid
   * @param gpuTypeOf the GPU type of a node, by its name
   */
  public static GpuLedger next(
      GpuLedger ledger,
      Collection<PodUse> present,
      Map<String, PodUse> departed,
      Function<String, String> gpuTypeOf,
      Runs runs,
      Instant now) {
    Map<String, PodHours> pods = new LinkedHashMap<>(ledger.pods());
    Map<String, PodUse> seen = new LinkedHashMap<>(departed);
    present.forEach(u -> seen.put(u.uid(), u));
    seen.values().forEach(u -> pods.merge(u.uid(), recorded(u, gpuTypeOf), LedgerUpdate::closed));
    // a pod the operator did not see go (it was not running then) ended no later than now
    pods.replaceAll((uid, p) -> p.end() == null && !seen.containsKey(uid) ? ended(p, now) : p);
    Map<String, Reservation> reservations = new LinkedHashMap<>();
    ledger
        .reservations()
        .forEach(
            (uid, r) -> {
              if (going(uid, r, runs, now)) {
                reservations.put(uid, r);
              }
            });
    return rolledUp(new GpuLedger(ledger.namespace(), pods, reservations, ledger.months()), now);
  }

  /** The pods of {@code after} that ended since {@code before}: hours newly final. */
  public static List<PodHours> closedSince(GpuLedger before, GpuLedger after) {
    return after.pods().entrySet().stream()
        .filter(e -> e.getValue().end() != null)
        .filter(
            e -> {
              PodHours was = before.pods().get(e.getKey());
              return was == null || was.end() == null;
            })
        .map(Map.Entry::getValue)
        .toList();
  }

  private static PodHours recorded(PodUse u, Function<String, String> gpuTypeOf) {
    return new PodHours(
        u.run(), u.runUid(), gpuTypeOf.apply(u.node()), u.gpus(), u.start(), u.end());
  }

  /** A pod's record keeps what was first recorded; only its end is added, once. */
  private static PodHours closed(PodHours was, PodHours now) {
    return was.end() != null || now.end() == null ? was : ended(was, now.end());
  }

  private static PodHours ended(PodHours p, Instant end) {
    return new PodHours(
        p.run(),
        p.runUid(),
        p.gpu(),
        p.gpus(),
        p.start(),
        end.isAfter(p.start()) ? end : p.start());
  }

  /**
   * A reservation holds while its run exists and its Job has not finished; a run without a Job
   * holds it for {@link #JOB_GRACE}, while its Job is being created.
   */
  private static boolean going(String uid, Reservation r, Runs runs, Instant now) {
    if (!runs.runs().contains(uid) || runs.jobFinished().contains(uid)) {
      return false;
    }
    return runs.withJob().contains(uid) || now.isBefore(r.since().plus(JOB_GRACE));
  }

  /**
   * Pods that ended before this month, and the oldest finished ones past {@link #MAX_FINISHED},
   * become hours of their months; months older than {@link #MONTHS_KEPT} go.
   */
  static GpuLedger rolledUp(GpuLedger ledger, Instant now) {
    YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
    Instant monthStart = GpuLedger.startOf(month);
    List<Map.Entry<String, PodHours>> finished =
        ledger.pods().entrySet().stream()
            .filter(e -> e.getValue().end() != null)
            .sorted(Comparator.comparing(e -> e.getValue().end()))
            .toList();
    Map<String, PodHours> pods = new LinkedHashMap<>(ledger.pods());
    Map<String, Map<String, Double>> months = new TreeMap<>(ledger.months());
    int over = finished.size() - MAX_FINISHED;
    for (int i = 0; i < finished.size(); i++) {
      PodHours p = finished.get(i).getValue();
      if (i < over || p.end().isBefore(monthStart)) {
        pods.remove(finished.get(i).getKey());
        months = byMonth(months, p, now);
      }
    }
    String oldest = month.minusMonths(MONTHS_KEPT - 1).toString();
    months.keySet().removeIf(m -> m.compareTo(oldest) < 0);
    return new GpuLedger(ledger.namespace(), pods, ledger.reservations(), months);
  }

  /** The month totals with a finished pod's hours added to each month it ran in. */
  private static Map<String, Map<String, Double>> byMonth(
      Map<String, Map<String, Double>> months, PodHours p, Instant now) {
    Map<String, Map<String, Double>> next = months;
    for (YearMonth m = YearMonth.from(p.start().atZone(ZoneOffset.UTC));
        !GpuLedger.startOf(m).isAfter(p.end());
        m = m.plusMonths(1)) {
      double hours = p.hoursBetween(GpuLedger.startOf(m), GpuLedger.startOf(m.plusMonths(1)), now);
      if (hours > 0) {
        next = GpuLedger.add(next, m.toString(), p.gpu(), hours);
      }
    }
    return new TreeMap<>(next);
  }
}
