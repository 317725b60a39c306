package io.neuralforge.trainer.gpu;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NVIDIA driver as this container sees it: its user-space library ({@code libcuda.so.1},
 * mounted by the NVIDIA container toolkit, or at {@code /usr/local/nvidia/lib64} on GKE) and its
 * version.
 */
public final class NvidiaDriver {
  static final String LIBRARY = "libcuda.so.1";
  private static final Pattern KERNEL_MODULE = Pattern.compile("Kernel Module\\s+(\\d+(\\.\\d+)+)");
  private static final Pattern VERSIONED_LIBRARY =
      Pattern.compile("libcuda\\.so\\.(\\d+(\\.\\d+)+)");

  private NvidiaDriver() {}

  /** Whether the dynamic loader finds and loads libcuda.so.1, as libtorch's CUDA parts will. */
  public static boolean loads() {
    try {
      NativeLibrary.getInstance(LIBRARY);
      return true;
    } catch (UnsatisfiedLinkError | SecurityException notThere) {
      return false;
    }
  }

  /**
   * The driver's version (e.g. 550.54.15): the kernel module's, else the one the loaded library's
   * file name carries; null when neither says.
   */
  public static String version() {
    try {
      String proc = Files.readString(Path.of("/proc/driver/nvidia/version"));
      String v = versionOf(proc, null);
      if (v != null) {
        return v;
      }
    } catch (IOException | SecurityException notReadable) {
      // not every platform shows the kernel module; the library's name may say
    }
    try {
      Path file = NativeLibrary.getInstance(LIBRARY).getFile().toPath().toRealPath();
      return versionOf(null, file.getFileName().toString());
    } catch (UnsatisfiedLinkError | IOException | NullPointerException | SecurityException e) {
      return null;
    }
  }

  /** The version in /proc/driver/nvidia/version's text, else in libcuda's real file name. */
  static String versionOf(String procText, String libraryFileName) {
    if (procText != null) {
      Matcher m = KERNEL_MODULE.matcher(procText);
      if (m.find()) {
        return m.group(1);
      }
    }
    if (libraryFileName != null) {
      Matcher m = VERSIONED_LIBRARY.matcher(libraryFileName);
      if (m.matches() && !m.group(1).equals("1")) {
        return m.group(1);
      }
    }
    return null;
  }
}
