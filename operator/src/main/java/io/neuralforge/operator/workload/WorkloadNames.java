package io.neuralforge.operator.workload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The names and common labels of everything the operator creates, for any kind. */
public final class WorkloadNames {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "neuralforge-operator";
  public static final String COMPONENT = "app.kubernetes.io/component";

  /** The longest name a label value can hold, so the longest of any name the operator sets. */
  public static final int MAX = 63;

  private WorkloadNames() {}

  /** managed-by the operator, and what the object is to its resource (trainer, exporter, ...). */
  public static Map<String, String> labels(String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, OPERATOR);
    labels.put(COMPONENT, component);
    return labels;
  }

  /**
   * {@code name + suffix}, cut to 63 characters (a Job's name ends up in a label) and made unique
   * again with a short hash of the name when too long.
   */
  public static String fit(String name, String suffix) {
    if (name.length() + suffix.length() <= MAX) {
      return name + suffix;
    }
    String hash = sha256(name).substring(0, 8);
    String head = name.substring(0, MAX - suffix.length() - hash.length() - 1);
    head = head.replaceAll("[-.]+$", "");
    return head + "-" + hash + suffix;
  }

  /** The SHA-256 of {@code text} (UTF-8), in hex. */
  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
