package io.neuralforge.operator.status;

import io.neuralforge.api.reading.ReadProblems;

/** The words for a resource whose spec could not be read (see {@code TolerantReading}). */
public final class Unreadable {
  private Unreadable() {}

  /** Whether {@code resource} came without its spec, with a problem instead. */
  public static boolean is(ReadProblems resource) {
    return resource.readProblem() != null;
  }

  /** The condition and event message: the field, and what to do about it. */
  public static String message(ReadProblems resource) {
    return "the spec cannot be read: "
        + resource.readProblem()
        + " (stored under an older schema?); fix that field or re-create the object";
  }
}
