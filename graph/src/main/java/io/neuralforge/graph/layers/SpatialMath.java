package io.neuralforge.graph.layers;

import io.neuralforge.graph.Shape;

/** Output-size arithmetic of convolution and pooling windows, as PyTorch computes it. */
final class SpatialMath {
  private SpatialMath() {}

  /** {@code floor((L + 2p - d(k-1) - 1)/s) + 1}; may be zero or negative for too-small inputs. */
  static long windowOutput(long length, int kernel, int stride, long padTotal, int dilation) {
    long span = length + padTotal - (long) dilation * (kernel - 1) - 1;
    return Math.floorDiv(span, stride) + 1;
  }

  /**
   * Pooling output; with ceil mode the last window may be partial but must start inside the input
   * or its left padding, so a window that starts there counts even when the input is shorter than
   * the kernel (PyTorch's pooling_output_shape).
   */
  static long poolOutput(long length, int kernel, int stride, int pad, int dilation, boolean ceil) {
    long span = length + 2L * pad - (long) dilation * (kernel - 1) - 1;
    long out = (ceil ? Math.floorDiv(span + stride - 1, stride) : Math.floorDiv(span, stride)) + 1;
    if (ceil && (out - 1) * stride >= length + pad) {
      out--;
    }
    return out;
  }

  /** {@code (H-1)s - 2p + d(k-1) + outputPadding + 1}. */
  static long transposeOutput(
      long length, int kernel, int stride, int pad, int dilation, int outPad) {
    return (length - 1) * stride - 2L * pad + (long) dilation * (kernel - 1) + outPad + 1;
  }

  static long product(int[] values) {
    long p = 1;
    for (int v : values) {
      p = Math.multiplyExact(p, v);
    }
    return p;
  }

  /** Throws a "non-positive resulting dimension" error naming the inputs that caused it. */
  static void requirePositive(long[] dims, Shape inputShape, String why) {
    for (long d : dims) {
      if (d <= 0) {
        throw LayerInput.fail(
            "inputs",
            "non-positive resulting dimension "
                + d
                + ": input "
                + inputShape
                + " is too small for "
                + why);
      }
    }
  }
}
