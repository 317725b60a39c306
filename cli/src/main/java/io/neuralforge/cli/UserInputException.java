package io.neuralforge.cli;

/** The input could not be read or understood: exit code 2, a one-line message. */
public final class UserInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserInputException(String message) {
    super(message, null, false, false);
  }
}
