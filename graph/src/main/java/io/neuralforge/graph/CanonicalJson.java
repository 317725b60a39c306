package io.neuralforge.graph;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON in the manner of RFC 8785: object keys sorted, no whitespace, numbers in their
 * shortest ECMAScript form (so {@code 1e-5} and {@code 0.00001} written in YAML hash the same).
 * Null members are left out.
 */
final class CanonicalJson {
  private CanonicalJson() {}

  /**
   * Writes canonical JSON as UTF-8 straight into a digest, through a small buffer, so that hashing
   * a spec builds no text; callers give object members in sorted order.
   */
  static final class Writer {
    private final MessageDigest digest;
    private final byte[] buffer = new byte[4096];
    private int size;
    private boolean first = true;

    Writer(MessageDigest digest) {
      this.digest = digest;
    }

    /** The digest of everything written. */
    byte[] finish() {
      flush();
      return digest.digest();
    }

    Writer beginObject() {
      put('{');
      first = true;
      return this;
    }

    Writer endObject() {
      put('}');
      first = false;
      return this;
    }

    Writer beginArray() {
      put('[');
      first = true;
      return this;
    }

    Writer endArray() {
      put(']');
      first = false;
      return this;
    }

    /** Starts an array element. */
    Writer element() {
      if (!first) {
        put(',');
      }
      first = false;
      return this;
    }

    Writer name(String name) {
      element();
      string(name);
      put(':');
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
        ascii("null");
      } else if (value instanceof String s) {
        string(s);
      } else if (value instanceof Boolean b) {
        ascii(b ? "true" : "false");
      } else if (value instanceof Number n) {
        ascii(number(n));
      } else if (value instanceof Map<?, ?> map) {
        object(map);
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

    /** A map's non-null members by sorted key. */
    private void object(Map<?, ?> map) {
      String[] keys = new String[map.size()];
      int count = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getValue() != null) {
          keys[count++] = String.valueOf(e.getKey());
        }
      }
      Arrays.sort(keys, 0, count);
      beginObject();
      for (int i = 0; i < count; i++) {
        member(keys[i], map.get(keys[i]));
      }
      endObject();
    }

    private void put(char c) {
      if (size == buffer.length) {
        flush();
      }
      buffer[size++] = (byte) c;
    }

    /** Text known to be ASCII: literals, numbers. */
    private void ascii(String s) {
      for (int i = 0, n = s.length(); i < n; i++) {
        put(s.charAt(i));
      }
    }

    private void string(String s) {
      int n = s.length();
      if (n + 2 > buffer.length - size) {
        flush();
      }
      if (n + 2 > buffer.length) {
        escaped(s, 0);
        return;
      }
      // the common case, ids, types and keys: printable ASCII copied without escapes
      byte[] b = buffer;
      int at = size;
      b[at++] = '"';
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
          size = at;
          escaped(s, i);
          return;
        }
        b[at++] = (byte) c;
      }
      b[at++] = '"';
      size = at;
    }

    /** The rest of a string from {@code from}, escaped as JSON and encoded as UTF-8. */
    private void escaped(String s, int from) {
      if (from == 0) {
        put('"');
      }
      int n = s.length();
      for (int i = from; i < n; i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> ascii("\\\"");
          case '\\' -> ascii("\\\\");
          case '\b' -> ascii("\\b");
          case '\f' -> ascii("\\f");
          case '\n' -> ascii("\\n");
          case '\r' -> ascii("\\r");
          case '\t' -> ascii("\\t");
          default -> {
            if (c < 0x20) {
              ascii("\\u00");
              put(Character.forDigit(c >> 4, 16));
              put(Character.forDigit(c & 15, 16));
            } else if (c < 0x80) {
              put(c);
            } else {
              // a run of non-ASCII characters, encoded whole so surrogate pairs stay together
              int end = i + 1;
              while (end < n && s.charAt(end) >= 0x80) {
                end++;
              }
              bytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
              i = end - 1;
            }
          }
        }
      }
      put('"');
    }

    private void bytes(byte[] b) {
      flush();
      digest.update(b);
    }

    private void flush() {
      digest.update(buffer, 0, size);
      size = 0;
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
