package io.neuralforge.trainer.gpu;

/**
 * A run asked for GPUs its container does not show: in a pod it fails at once, never trained on the
 * CPU of a GPU node (and billed GPU-hours for it). Retrying on the same node cannot cure it.
 */
public final class GpuUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GpuUnavailableException(String message) {
    super(message, null, false, false);
  }
}
