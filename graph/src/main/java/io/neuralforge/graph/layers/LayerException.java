package io.neuralforge.graph.layers;

/** Thrown by a layer's inference when its node is invalid; carries the field at fault. */
public final class LayerException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public LayerException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  /** Signals that the errors were recorded already (see {@link Params#check()}). */
  static LayerException reported() {
    return new LayerException(null, null);
  }

  public boolean alreadyReported() {
    return getMessage() == null;
  }

  public String field() {
    return field;
  }
}
