package io.neuralforge.operator.trainingrun.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One namespace's GPU-hours as the operator saw its trainer pods use them, and what the GPU runs
 * still going may use: what its budget counts. It lives where the namespace's tenant cannot write
 * ({@link GpuLedgerStore}); nothing in it comes from a run's status. Immutable; pure.
 *
 * @param namespace the tenant namespace the hours are charged to
 * @param pods each trainer pod with GPUs that ran, by pod uid (a name can be reused, a uid not)
 * @param reservations what each GPU run still going may use, by run uid
 * @param months hours of pods rolled up out of {@code pods}, by month (yyyy-MM, UTC) and GPU type
 */
public record GpuLedger(
    String namespace,
    Map<String, PodHours> pods,
    Map<String, Reservation> reservations,
    Map<String, Map<String, Double>> months) {

  /**
   * A trainer pod's use of GPUs: from the kubelet's start of the pod until its end (null while it
   * runs).
   *
   * @param run the run's name when recorded, for people reading the ledger
   * @param runUid the run whose Job made the pod; null for a Job that lost its run (orphaned)
   * @param gpu the GPU type of the node it ran on (t4, a10g, or unknown)
   * @param gpus the GPUs the operator gave its Job
   */
  public record PodHours(
      String run, String runUid, String gpu, int gpus, Instant start, Instant end) {

    /** GPU-hours of this pod between {@code from} and {@code to}, counting a running pod to now. */
    double hoursBetween(Instant from, Instant to, Instant now) {
      Instant stop = end == null ? now : end;
      Instant a = start.isAfter(from) ? start : from;
      Instant b = stop.isBefore(to) ? stop : to;
      return a.isBefore(b) ? gpus * Duration.between(a, b).toSeconds() / 3600.0 : 0;
    }

    public double hours(Instant now) {
      return hoursBetween(Instant.MIN, Instant.MAX, now);
    }
  }

  /**
   * What a GPU run that started may use in all: its GPUs for as long as its Job may take.
   *
   * @param run the run's name, for people reading the ledger
   * @param seconds the Job's activeDeadlineSeconds
   */
  public record Reservation(String run, int gpus, long seconds, Instant since) {
    double hours() {
      return gpus * seconds / 3600.0;
    }
  }

  public GpuLedger {
    Objects.requireNonNull(namespace);
    pods = pods == null ? Map.of() : Map.copyOf(pods);
    reservations = reservations == null ? Map.of() : Map.copyOf(reservations);
    months = months == null ? Map.of() : Map.copyOf(months);
  }

  public static GpuLedger empty(String namespace) {
    return new GpuLedger(namespace, Map.of(), Map.of(), Map.of());
  }

  /** GPU-hours used in {@code month} (UTC), pods running now counted up to now. */
  public double used(YearMonth month, Instant now) {
    double used =
        months.getOrDefault(month.toString(), Map.of()).values().stream().mapToDouble(h -> h).sum();
    for (PodHours p : pods.values()) {
      used += p.hoursBetween(startOf(month), startOf(month.plusMonths(1)), now);
    }
    return used;
  }

  /** GPU-hours the pods of run {@code runUid} used, up to now. */
  public double usedBy(String runUid, Instant now) {
    double used = 0;
    for (PodHours p : pods.values()) {
      if (runUid.equals(p.runUid())) {
        used += p.hours(now);
      }
    }
    return used;
  }

  /**
   * GPU-hours the runs going may still use beyond what they used: each reservation less its run's
   * use so far. A run that used more than it reserved (its use is counted anyway) owes nothing
   * more.
   */
  public double outstanding(Instant now) {
    double outstanding = 0;
    for (var r : reservations.entrySet()) {
      outstanding += Math.max(0, r.getValue().hours() - usedBy(r.getKey(), now));
    }
    return outstanding;
  }

  /** The first instant of {@code month}, UTC. */
  public static Instant startOf(YearMonth month) {
    return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /** This ledger with run {@code runUid}'s reservation recorded. */
  public GpuLedger reserve(String runUid, Reservation reservation) {
    Map<String, Reservation> next = new LinkedHashMap<>(reservations);
    next.put(runUid, reservation);
    return new GpuLedger(namespace, pods, next, months);
  }

  /** The month totals with {@code hours} of {@code gpu} added to {@code month}. */
  static Map<String, Map<String, Double>> add(
      Map<String, Map<String, Double>> months, String month, String gpu, double hours) {
    Map<String, Map<String, Double>> next = new TreeMap<>(months);
    Map<String, Double> types = new TreeMap<>(next.getOrDefault(month, Map.of()));
    types.merge(gpu, hours, Double::sum);
    next.put(month, types);
    return next;
  }
}
