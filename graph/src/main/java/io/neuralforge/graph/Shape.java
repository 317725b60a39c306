package io.neuralforge.graph;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/** A per-sample tensor shape (no batch dimension), immutable. */
public final class Shape {
  private final int[] dims;

  private Shape(int[] dims) {
    this.dims = dims;
  }

  public static Shape of(int... dims) {
    return new Shape(dims.clone());
  }

  /**
   * Builds a shape from computed dimensions, rejecting any that do not fit an int or are not
   * positive, so that no layer can produce a nonsensical shape.
   */
  public static Shape ofLongs(long... dims) {
    int[] ints = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] > Integer.MAX_VALUE) {
        throw new ArithmeticException("dimension " + dims[i] + " is too large");
      }
      ints[i] = (int) dims[i];
    }
    return new Shape(ints);
  }

  public static Shape of(List<Integer> dims) {
    return new Shape(dims.stream().mapToInt(Integer::intValue).toArray());
  }

  public int rank() {
    return dims.length;
  }

  public int dim(int axis) {
    return dims[axis];
  }

  public int last() {
    return dims[dims.length - 1];
  }

  public int[] dims() {
    return dims.clone();
  }

  /** The number of elements, exact; throws ArithmeticException on overflow. */
  public long elements() {
    return product(0, dims.length);
  }

  /** The product of dims[from, to), exact; throws ArithmeticException on overflow. */
  public long product(int from, int to) {
    long p = 1;
    for (int i = from; i < to; i++) {
      p = Math.multiplyExact(p, dims[i]);
    }
    return p;
  }

  /** A copy with the dimension at {@code axis} replaced. */
  public Shape with(int axis, int value) {
    int[] copy = dims.clone();
    copy[axis] = value;
    return new Shape(copy);
  }

  /** A copy with the last dimension replaced. */
  public Shape withLast(int value) {
    return with(dims.length - 1, value);
  }

  public boolean hasNonPositive() {
    for (int d : dims) {
      if (d <= 0) {
        return true;
      }
    }
    return false;
  }

  /** The dimensions as an unmodifiable list, a view: a shape never changes. */
  public List<Integer> toList() {
    return new DimensionList(dims);
  }

  private static final class DimensionList extends AbstractList<Integer> implements RandomAccess {
    private final int[] dims;

    DimensionList(int[] dims) {
      this.dims = dims;
    }

    @Override
    public Integer get(int index) {
      return dims[index];
    }

    @Override
    public int size() {
      return dims.length;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape other && Arrays.equals(dims, other.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
