package io.neuralforge.operator.status;

/**
 * Text the operator writes into a status or an event, cut to a length a reader takes in and the API
 * server accepts: a message may quote what a tenant wrote (a param, a value, a key of any length),
 * and one status the API server refuses would leave the object unreconciled.
 */
public final class BoundedText {
  /** Characters of a condition message or a graph error: a few lines, enough to act on. */
  public static final int MESSAGE = 512;

  /** Characters of a name quoted on its own (a node id, a param key): a DNS subdomain's length. */
  public static final int NAME = 253;

  /** Characters of a value quoted inside a message (a sweep's parameter value, say). */
  public static final int QUOTED = 120;

  private BoundedText() {}

  /** {@code text} in at most {@link #MESSAGE} characters. */
  public static String message(String text) {
    return cut(text, MESSAGE);
  }

  /** {@code text} in at most {@code max} characters, ending in "…" when cut; null stays null. */
  public static String cut(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never half a character
    }
    return text.substring(0, end) + "…";
  }
}
