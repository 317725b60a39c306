package io.neuralforge.operator.trainingsweep;

/**
 * Tenant text quoted in a sweep's status, cut to a length a condition holds and a person reads: a
 * megabyte parameter value never reaches the API server twice. (Stands in for a shared helper in
 * operator/status until there is one.)
 */
final class QuotedText {
  /** A value quoted inside a message. */
  static final int VALUE = 120;

  /** A whole condition message. */
  static final int MESSAGE = 1024;

  private QuotedText() {}

  /** {@code text} when at most {@code max} characters, else its start and how long it was. */
  static String bounded(Object value, int max) {
    String text = String.valueOf(value);
    if (text.length() <= max) {
      return text;
    }
    String tail = "... (" + text.length() + " characters)";
    return text.substring(0, Math.max(0, max - tail.length())) + tail;
  }
}
