package io.neuralforge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one line a failing command leaves: on stderr, and in the container's termination message when
 * it runs in a pod (the kubelet keeps that file's content in the pod's status, where the operator
 * reads why a trainer or export failed).
 */
final class ErrorLine {
  /** Kubernetes' default terminationMessagePath; absent outside a container. */
  private static final Path TERMINATION_LOG =
      Path.of(System.getenv().getOrDefault("NEURALFORGE_TERMINATION_LOG", "/dev/termination-log"));

  private ErrorLine() {}

  static void print(String line) {
    System.err.println(line);
    if (Files.isWritable(TERMINATION_LOG)) {
      try {
        Files.writeString(TERMINATION_LOG, line + "\n");
      } catch (IOException notKept) {
        // stderr has it; the kubelet falls back to the log
      }
    }
  }
}
