package io.neuralforge.trainer.gpu;

import com.sun.jna.NativeLibrary;
import java.util.Map;

/**
 * What decides whether a run gets the GPUs it asked for, as this process sees it.
 *
 * @param cudaBuild the engine's libtorch is a CUDA build
 * @param driverLoads the NVIDIA driver's libcuda.so.1 loads
 * @param cudaRuntimeLoads CUDA's runtime (libcudart), through which the engine counts GPUs, loads
 * @param visibleGpus the GPUs the engine sees
 * @param visibleDevices NVIDIA_VISIBLE_DEVICES as the container got it (the device plugin sets it
 *     to the GPUs a pod was given), or null
 */
public record GpuFacts(
    boolean cudaBuild,
    boolean driverLoads,
    boolean cudaRuntimeLoads,
    int visibleGpus,
    String visibleDevices) {

  /** This process's facts, once the engine counted {@code visibleGpus}. */
  public static GpuFacts probe(int visibleGpus, Map<String, String> env) {
    return new GpuFacts(
        EngineLibraries.cudaBuild(env),
        NvidiaDriver.loads(),
        loadsCudaRuntime(),
        visibleGpus,
        env.get("NVIDIA_VISIBLE_DEVICES"));
  }

  private static boolean loadsCudaRuntime() {
    try {
      NativeLibrary.getInstance("cudart"); // as DJL loads it, on jna.library.path
      return true;
    } catch (UnsatisfiedLinkError | SecurityException notThere) {
      return false;
    }
  }
}
