package io.neuralforge.graph.layers;

/** How many inputs a layer takes. */
public enum Arity {
  ONE("exactly 1 input"),
  TWO_OR_MORE("2 or more inputs"),
  ONE_OR_THREE("1 input (self-attention) or 3 (query, key, value)");

  private final String description;

  Arity(String description) {
    this.description = description;
  }

  public boolean accepts(int count) {
    return switch (this) {
      case ONE -> count == 1;
      case TWO_OR_MORE -> count >= 2;
      case ONE_OR_THREE -> count == 1 || count == 3;
    };
  }

  public String description() {
    return description;
  }
}
