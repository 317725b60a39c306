package io.neuralforge.trainer.gpu;

import ai.djl.Device;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run trains on, as status.reproducibility.device says it: "cuda:0 Tesla T4, driver
 * 550.54.15, CUDA 12.6" (every GPU named, then the driver and the CUDA runtime), or "cpu, 2
 * threads".
 */
public final class DeviceDescription {
  private DeviceDescription() {}

  /** Pure: the line for GPUs named {@code gpuNames} (cuda:0 first), or the CPU when empty. */
  static String of(List<String> gpuNames, String driver, String cudaVersion, int cpuThreads) {
    if (gpuNames.isEmpty()) {
      return "cpu, " + cpuThreads + (cpuThreads == 1 ? " thread" : " threads");
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < gpuNames.size(); i++) {
      line.append(i == 0 ? "" : ", ").append("cuda:").append(i).append(' ').append(gpuNames.get(i));
    }
    line.append(", driver ").append(driver == null ? "unknown" : driver);
    if (cudaVersion != null) {
      line.append(", CUDA ").append(cudaVersion);
    }
    return line.toString();
  }

  /** "12.6" for CUDA's integer version 12060. */
  static String cudaVersion(int version) {
    return version / 1000 + "." + (version % 1000) / 10;
  }

  /** This process's devices, as the engine was given them. */
  public static String of(List<Device> devices, int cpuThreads) {
    List<String> names = new ArrayList<>();
    for (Device d : devices) {
      if (d.isGpu()) {
        names.add(Cuda.name(d.getDeviceId()));
      }
    }
    return of(
        names,
        names.isEmpty() ? null : NvidiaDriver.version(),
        names.isEmpty() ? null : Cuda.version(),
        cpuThreads);
  }

  /** CUDA's runtime, for what DJL's own binding does not ask it: the GPU's name. */
  private static final class Cuda {
    /** cudaDeviceProp begins with char name[256]; the whole struct is about 1 KB in CUDA 12. */
    private static final int PROPERTIES_BYTES = 8192;

    interface Runtime extends Library {
      int cudaGetDeviceProperties_v2(Memory properties, int device);

      int cudaRuntimeGetVersion(int[] version);
    }

    private static Runtime runtime() {
      return Native.load("cudart", Runtime.class);
    }

    static String name(int device) {
      try (Memory properties = new Memory(PROPERTIES_BYTES)) {
        properties.clear();
        return runtime().cudaGetDeviceProperties_v2(properties, device) == 0
            ? properties.getString(0, "US-ASCII")
            : "GPU";
      } catch (UnsatisfiedLinkError e) {
        return "GPU";
      }
    }

    static String version() {
      try {
        int[] version = new int[1];
        return runtime().cudaRuntimeGetVersion(version) == 0 ? cudaVersion(version[0]) : null;
      } catch (UnsatisfiedLinkError e) {
        return null;
      }
    }
  }
}
