package io.neuralforge.trainer.data;

/** Data that cannot be used as asked: a permanent failure with a one-line reason. */
public final class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatasetException(String message) {
    super(message, null, false, false);
  }
}
