package io.neuralforge.trainer.gpu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which libtorch the engine loads and how, decided before it starts. Without {@code
 * PYTORCH_LIBRARY_PATH} the engine takes the CPU libtorch from the jars and nothing changes. With
 * it — the CUDA trainer image, which unpacks PyPI's CUDA build of torch with the {@code nvidia-*}
 * wheels beside it, as pip lays them out — DJL must be told two things it cannot find itself: which
 * of its JNI builds to load ({@code cu128} where the NVIDIA driver's {@code libcuda.so.1} is there
 * to load, else {@code cpu}, which runs that same libtorch on a machine without a driver), and
 * where JNA finds CUDA's runtime ({@code nvidia/cuda_runtime/lib}), through which DJL counts GPUs.
 */
public final class EngineLibraries {
  /** The JNI flavour for CUDA 12 that DJL 0.35's pytorch-jni carries (besides cpu). */
  static final String CUDA_FLAVOR = "cu128";

  static final String CPU_FLAVOR = "cpu";

  /** What the engine is told: null for a value left as it is. */
  record Choice(String flavor, Path cudaRuntimeDir) {}

  private EngineLibraries() {}

  /**
   * @param libtorchDir PYTORCH_LIBRARY_PATH, or null
   * @param flavor PYTORCH_FLAVOR as set in the environment, or null
   * @param driverLoads whether the NVIDIA driver's libcuda.so.1 loads in this process
   */
  static Choice choose(
      String libtorchDir, String flavor, boolean driverLoads, Predicate<Path> exists) {
    if (libtorchDir == null || libtorchDir.isBlank()) {
      return new Choice(null, null);
    }
    Path lib = Path.of(libtorchDir);
    boolean cudaBuild = cudaBuild(lib, exists);
    String chosen = flavor != null && !flavor.isBlank() ? null : CPU_FLAVOR;
    if (chosen != null && cudaBuild && driverLoads) {
      chosen = CUDA_FLAVOR;
    }
    // pip's layout: site-packages/torch/lib and site-packages/nvidia/cuda_runtime/lib
    Path runtime = lib.resolve("../../nvidia/cuda_runtime/lib").normalize();
    return new Choice(chosen, cudaBuild && exists.test(runtime) ? runtime : null);
  }

  /**
   * Tells the engine (through the system properties DJL and JNA read) what {@link #choose} says.
   */
  public static void configure(Map<String, String> env) {
    Choice choice =
        choose(
            env.get("PYTORCH_LIBRARY_PATH"),
            env.get("PYTORCH_FLAVOR"),
            NvidiaDriver.loads(),
            Files::exists);
    if (choice.flavor() != null && System.getProperty("PYTORCH_FLAVOR") == null) {
      System.setProperty("PYTORCH_FLAVOR", choice.flavor());
    }
    if (choice.cudaRuntimeDir() != null) {
      String path = System.getProperty("jna.library.path");
      String dir = choice.cudaRuntimeDir().toString();
      System.setProperty(
          "jna.library.path", path == null || path.isBlank() ? dir : path + ":" + dir);
    }
  }

  /** Whether the engine's libtorch (PYTORCH_LIBRARY_PATH) is a CUDA build. */
  public static boolean cudaBuild(Map<String, String> env) {
    String dir = env.get("PYTORCH_LIBRARY_PATH");
    return dir != null && !dir.isBlank() && cudaBuild(Path.of(dir), Files::exists);
  }

  /** A libtorch folder holding libtorch_cuda.so is a CUDA build. */
  private static boolean cudaBuild(Path libtorchDir, Predicate<Path> exists) {
    return exists.test(libtorchDir.resolve("libtorch_cuda.so"));
  }
}
