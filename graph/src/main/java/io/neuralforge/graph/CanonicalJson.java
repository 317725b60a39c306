package io.neuralforge.graph;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON in the manner of RFC 8785: object keys sorted, no whitespace, numbers in their
 * shortest ECMAScript form (so {@code 1e-5} and {@code 0.00001} written in YAML hash the same).
 * Null members are left out.
 */
final class CanonicalJson {
  private CanonicalJson() {}

  /** Writes JSON text; callers give object members in sorted order. */
  static final class Writer {
    private final StringBuilder out = new StringBuilder(4096);
    private boolean first = true;

    Writer beginObject() {
      out.append('{');
      first = true;
      return this;
    }

    Writer endObject() {
      out.append('}');
      first = false;
      return this;
    }

    Writer beginArray() {
      out.append('[');
      first = true;
      return this;
    }

    Writer endArray() {
      out.append(']');
      first = false;
      return this;
    }

    /** Starts an array element. */
    Writer element() {
      if (!first) {
        out.append(',');
      }
      first = false;
      return this;
    }

    Writer name(String name) {
      element();
      string(name);
      out.append(':');
      return this;
    }

    /** A member, left out when its value is null. */
    Writer member(String name, Object value) {
      if (value != null) {
        name(name);
        value(value);
      }
      return this;
    }

    Writer value(Object value) {
      if (value == null) {
        out.append("null");
      } else if (value instanceof String s) {
        string(s);
      } else if (value instanceof Boolean b) {
        out.append(b.booleanValue());
      } else if (value instanceof Integer i) {
        out.append(i.intValue());
      } else if (value instanceof Number n) {
        out.append(number(n));
      } else if (value instanceof Map<?, ?> map) {
        List<String> keys = new ArrayList<>(map.size());
        map.forEach(
            (k, v) -> {
              if (v != null) {
                keys.add(String.valueOf(k));
              }
            });
        Collections.sort(keys);
        beginObject();
        for (String key : keys) {
          member(key, map.get(key));
        }
        endObject();
      } else if (value instanceof List<?> list) {
        beginArray();
        for (Object item : list) {
          element();
          value(item);
        }
        endArray();
      } else {
        string(value.toString());
      }
      first = false;
      return this;
    }

    private void string(String s) {
      out.append('"');
      if (plain(s)) { // the common case: ids, types, keys
        out.append(s).append('"');
        return;
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\b' -> out.append("\\b");
          case '\f' -> out.append("\\f");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> {
            if (c < 0x20) {
              out.append("\\u00")
                  .append(Character.forDigit(c >> 4, 16))
                  .append(Character.forDigit(c & 15, 16));
            } else {
              out.append(c);
            }
          }
        }
      }
      out.append('"');
    }

    private static boolean plain(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c == '"' || c == '\\') {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }

  static String number(Number n) {
    if (n instanceof Double || n instanceof Float || n instanceof BigDecimal) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        return "null";
      }
      if (d == 0) {
        return "0";
      }
      BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
      int exponent = exact.precision() - exact.scale() - 1;
      if (exponent >= -7 && exponent < 21) {
        return exact.toPlainString();
      }
      String digits = exact.unscaledValue().abs().toString();
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (d < 0 ? "-" : "") + mantissa + "e" + (exponent > 0 ? "+" : "") + exponent;
    }
    return n.toString();
  }
}
