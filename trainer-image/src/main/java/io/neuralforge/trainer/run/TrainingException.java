package io.neuralforge.trainer.run;

/** Training was understood and cannot succeed (diverged, unusable data): a permanent failure. */
public final class TrainingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingException(String message) {
    super(message, null, false, false);
  }
}
