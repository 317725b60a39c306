package io.neuralforge.operator.trainingrun;

import io.neuralforge.api.v1alpha1.TrainingRun;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the objects made for a run. A Job's name ends up in a label (63 characters at most), so
 * long run names are cut and made unique again with a short hash.
 */
public final class RunNames {
  private static final int MAX = 63;

  private RunNames() {}

  public static String job(TrainingRun run) {
    return fit(run.getMetadata().getName(), "-trainer");
  }

  /** The trainer's ServiceAccount, Role and RoleBinding. */
  public static String trainerAccess(TrainingRun run) {
    return fit(run.getMetadata().getName(), "-trainer");
  }

  /**
   * The graph snapshot; the hash in the name makes a snapshot of another graph another object. A
   * null hash (rendered without the Architecture) gives the name without it.
   */
  public static String snapshot(TrainingRun run, String graphHash) {
    if (graphHash == null) {
      return fit(run.getMetadata().getName(), "-graph");
    }
    String hex = graphHash.startsWith("sha256:") ? graphHash.substring(7) : graphHash;
    return fit(run.getMetadata().getName(), "-graph-" + hex.substring(0, 10));
  }

  public static String fit(String name, String suffix) {
    if (name.length() + suffix.length() <= MAX) {
      return name + suffix;
    }
    String hash = sha256(name).substring(0, 8);
    String head = name.substring(0, MAX - suffix.length() - hash.length() - 1);
    head = head.replaceAll("[-.]+$", "");
    return head + "-" + hash + suffix;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
