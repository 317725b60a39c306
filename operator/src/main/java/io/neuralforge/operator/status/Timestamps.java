package io.neuralforge.operator.status;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Times read back from a status, which a tenant may have written (the trainer's token may patch
 * it): a value that is not an RFC 3339 time counts as absent, never as an error.
 */
public final class Timestamps {
  private Timestamps() {}

  /** The instant {@code value} names, or null when it is null or not a time. */
  public static Instant parse(String value) {
    if (value == null || value.length() > 64) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException notATime) {
      return null;
    }
  }

  /** {@code value} when it is a time, else null. */
  public static String valid(String value) {
    return parse(value) == null ? null : value;
  }
}
