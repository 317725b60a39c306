package io.neuralforge.cli;

import java.util.Arrays;
import java.util.List;

/**
 * A model's input as the serving side describes it (v2 model metadata, or ONNX Runtime's view of
 * the file): its name, datatype ({@code FP32}, {@code INT64}) and shape, -1 for the batch.
 */
record ModelInput(String name, String datatype, long[] shape) {

  /** One sample's shape: the shape without its first (batch) axis. */
  long[] sampleShape() {
    return shape.length == 0 ? shape : Arrays.copyOfRange(shape, 1, shape.length);
  }

  /** The values in one sample, or -1 when a dimension is left open. */
  int sampleSize() {
    long n = 1;
    for (long d : sampleShape()) {
      if (d < 0) {
        return -1;
      }
      n *= d;
    }
    return (int) n;
  }

  List<Integer> sampleDims() {
    return Arrays.stream(sampleShape()).mapToInt(d -> (int) d).boxed().toList();
  }

  boolean int64() {
    return "INT64".equals(datatype);
  }

  /** As a message names it: {@code image [-1, 1, 28, 28] FP32}. */
  String describe() {
    return name + " " + Arrays.toString(shape) + " " + datatype;
  }
}
