package io.neuralforge.operator.status;

/**
 * A spec the operator cannot act on as it is configured, however often it retries (a GPU type its
 * configuration has no node labels for): the reconciler turns it into a Failed condition the user
 * reads, instead of retrying forever.
 */
public class UnrunnableSpecException extends RuntimeException {
  public UnrunnableSpecException(String message) {
    super(message);
  }

  /** The exception, or one of its causes, when it is one of these; else null. */
  public static UnrunnableSpecException in(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnrunnableSpecException unrunnable) {
        return unrunnable;
      }
    }
    return null;
  }
}
