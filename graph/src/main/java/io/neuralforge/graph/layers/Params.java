package io.neuralforge.graph.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Typed, checked reads of a node's params. Each read that fails records an error naming its key and
 * returns a harmless fallback, so one pass reports every bad key; {@link #check()} then stops the
 * layer before it computes with the fallbacks.
 */
public final class Params {
  private final Map<String, Object> values;
  private List<LayerException> errors = List.of(); // made on the first error: most nodes have none

  public Params(Map<String, Object> values) {
    this.values = values == null ? Map.of() : values;
  }

  public boolean has(String key) {
    return values.get(key) != null;
  }

  public List<LayerException> errors() {
    return errors;
  }

  /** The integers a parameter may take: from {@code min} to the largest the schema allows. */
  static String range(int min) {
    return "[" + min + ", " + Integer.MAX_VALUE + "]";
  }

  /** Records an error against {@code key}. */
  public void error(String key, String message) {
    if (errors.isEmpty()) {
      errors = new ArrayList<>();
    }
    errors.add(new LayerException(key, message));
  }

  /** Stops inference when any read failed; the errors are already recorded. */
  public void check() {
    if (!errors.isEmpty()) {
      throw LayerException.reported();
    }
  }

  /** A required integer of at least {@code min}. */
  public int requiredInt(String key, int min) {
    if (!has(key)) {
      error(key, "is required (an integer in " + range(min) + ")");
      return Math.max(min, 1);
    }
    return integer(key, Math.max(min, 1), min);
  }

  /** An optional integer of at least {@code min}. */
  public int integer(String key, int fallback, int min) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    Integer i = asInt(v);
    if (i == null || i < min) {
      error(key, "must be an integer in " + range(min) + ", got " + show(v));
      return fallback;
    }
    return i;
  }

  /** An optional integer with no lower bound (axes, indices). */
  public int anyInt(String key, int fallback) {
    return integer(key, fallback, Integer.MIN_VALUE);
  }

  /** An int or a list of {@code n} ints, each at least {@code min}; one int fills every slot. */
  public int[] tuple(String key, int n, int[] fallback, int min) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    int[] out = readTuple(v, n, min);
    if (out == null) {
      error(
          key,
          "must be an integer in "
              + range(min)
              + " or a list of "
              + n
              + " of them, got "
              + show(v));
      return fallback;
    }
    return out;
  }

  /** A required int or list of {@code n} ints, each at least {@code min}. */
  public int[] requiredTuple(String key, int n, int min) {
    if (!has(key)) {
      error(key, "is required (an integer in " + range(min) + " or a list of " + n + ")");
      int[] ones = new int[n];
      Arrays.fill(ones, 1);
      return ones;
    }
    int[] ones = new int[n];
    Arrays.fill(ones, Math.max(min, 1));
    return tuple(key, n, ones, min);
  }

  /** A list of integers of any length, or a single integer as a list of one. */
  public int[] intList(String key, int[] fallback) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    Integer single = asInt(v);
    if (single != null) {
      return new int[] {single};
    }
    if (v instanceof List<?> list && !list.isEmpty()) {
      int[] out = new int[list.size()];
      for (int i = 0; i < out.length; i++) {
        Integer item = asInt(list.get(i));
        if (item == null) {
          error(key, "must be a list of integers, got " + show(v));
          return fallback;
        }
        out[i] = item;
      }
      return out;
    }
    error(key, "must be a non-empty list of integers, got " + show(v));
    return fallback;
  }

  public boolean bool(String key, boolean fallback) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    error(key, "must be true or false, got " + show(v));
    return fallback;
  }

  /** A number in [{@code min}, {@code max}) or [min, max] when {@code maxInclusive}. */
  public double number(String key, double fallback, double min, double max, boolean maxInclusive) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      error(key, "must be a number, got " + show(v));
      return fallback;
    }
    double d = n.doubleValue();
    boolean aboveMax = maxInclusive ? d > max : d >= max;
    if (d < min || aboveMax) {
      error(
          key,
          "must be in ["
              + fmt(min)
              + ", "
              + fmt(max)
              + (maxInclusive ? "]" : ")")
              + ", got "
              + show(v));
      return fallback;
    }
    return d;
  }

  /** A positive number. */
  public double positive(String key, double fallback) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n) || !(n.doubleValue() > 0) || !Double.isFinite(n.doubleValue())) {
      error(key, "must be a positive number, got " + show(v));
      return fallback;
    }
    return n.doubleValue();
  }

  /** Any finite number. */
  public double anyNumber(String key, double fallback) {
    return number(key, fallback, -Double.MAX_VALUE, Double.MAX_VALUE, true);
  }

  /** One of the given words. */
  public String choice(String key, String fallback, String... options) {
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    for (String option : options) {
      if (option.equals(v)) {
        return option;
      }
    }
    error(key, "must be one of " + String.join(", ", options) + ", got " + show(v));
    return fallback;
  }

  /** The raw value, for keys that accept several forms (e.g. padding). */
  public Object raw(String key) {
    return values.get(key);
  }

  /** An int or a list of ints, each at least {@code min}, of length {@code n}; else null. */
  static int[] readTuple(Object v, int n, int min) {
    Integer single = asInt(v);
    if (single != null) {
      if (single < min) {
        return null;
      }
      int[] out = new int[n];
      Arrays.fill(out, single);
      return out;
    }
    if (v instanceof List<?> list && list.size() == n) {
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        Integer item = asInt(list.get(i));
        if (item == null || item < min) {
          return null;
        }
        out[i] = item;
      }
      return out;
    }
    return null;
  }

  /** Integers only: 3 is, 3.0 and "3" are not (PyTorch would reject them too). */
  static Integer asInt(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).intValue();
    }
    if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
      return l.intValue();
    }
    if (v instanceof java.math.BigInteger b && b.bitLength() < 32) {
      return b.intValue();
    }
    return null;
  }

  /** A value quoted in an error, cut short: a tenant's string or list may be any length. */
  static String show(Object v) {
    String text = v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
