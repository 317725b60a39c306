package io.neuralforge.cli;

/**
 * A prediction that did not happen, with the exit code it ends with: {@link Main#REJECTED} when the
 * model refused the request or does not exist, {@link Main#UNEXPECTED} when it could not be reached
 * or failed (a retry may cure that).
 */
final class PredictionFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int exitCode;

  PredictionFailure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  static PredictionFailure rejected(String message) {
    return new PredictionFailure(Main.REJECTED, message);
  }

  static PredictionFailure unavailable(String message) {
    return new PredictionFailure(Main.UNEXPECTED, message);
  }

  /** The first line of {@code text}, its runs of blanks made one space, at most 300 characters. */
  static String oneLine(String text) {
    String line = text == null ? "" : text.strip().split("\\R", 2)[0].replaceAll("\\s+", " ");
    return line.length() > 300 ? line.substring(0, 297) + "..." : line;
  }
}
