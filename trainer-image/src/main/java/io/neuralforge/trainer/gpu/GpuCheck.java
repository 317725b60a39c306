package io.neuralforge.trainer.gpu;

import io.neuralforge.trainer.run.RunSpec;

/**
 * Whether a run sees the GPUs it asked for and, when it does not, the one line that says what was
 * asked, what the engine sees and the likely cause. Pure.
 */
public final class GpuCheck {
  private GpuCheck() {}

  /** The GPUs a run asks for: 0 for gpu.type none. */
  public static int asked(RunSpec.Gpu gpu) {
    return gpu.type() == null || gpu.type().equals("none") ? 0 : gpu.countOrDefault();
  }

  /**
   * Null when the engine sees at least the GPUs asked for, else e.g. "asked for 1x t4; the engine
   * sees 0 GPUs: no NVIDIA driver in the container (libcuda.so.1 not found)".
   */
  public static String problem(RunSpec.Gpu gpu, GpuFacts facts) {
    int asked = asked(gpu);
    if (facts.visibleGpus() >= asked) {
      return null;
    }
    return "asked for "
        + asked
        + "x "
        + gpu.type()
        + "; the engine sees "
        + facts.visibleGpus()
        + (facts.visibleGpus() == 1 ? " GPU: " : " GPUs: ")
        + cause(facts);
  }

  private static String cause(GpuFacts f) {
    if (!f.cudaBuild()) {
      return "the trainer image's libtorch has no CUDA (a CPU image: GPU runs need the -cuda image)";
    }
    if (!f.driverLoads()) {
      return "no NVIDIA driver in the container ("
          + NvidiaDriver.LIBRARY
          + " not found: is the NVIDIA container toolkit or device plugin on this node?)";
    }
    if (!f.cudaRuntimeLoads()) {
      return "no CUDA runtime found (libcudart.so.12 is not on jna.library.path)";
    }
    String devices = f.visibleDevices() == null ? "unset" : "\"" + f.visibleDevices() + "\"";
    if (f.visibleGpus() == 0) {
      return "the driver shows this container no GPU (NVIDIA_VISIBLE_DEVICES " + devices + ")";
    }
    return "the node gave this container fewer GPUs than asked (NVIDIA_VISIBLE_DEVICES "
        + devices
        + ")";
  }
}
