package io.neuralforge.trainer.gpu;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * libtorch's own C++ log level, as PyTorch users set it: {@value #VARIABLE} (INFO, WARNING, ERROR,
 * FATAL or 0 to 3) when it is set, else errors only. Python's torch applies that variable when it
 * starts (c10::initLogging); DJL never calls it, so without this every run printed libtorch's
 * deprecation warning about DJL's own use of AutoNonVariableTypeMode.
 */
final class LibtorchLogging {
  static final String VARIABLE = "TORCH_CPP_LOG_LEVEL";

  /** c10's severities: 0 INFO, 1 WARNING, 2 ERROR, 3 FATAL. */
  static final int ERROR = 2;

  private static final String LEVEL_FLAG = "FLAGS_caffe2_log_level";
  private static final String INIT_LOGGING = "_ZN3c1011initLoggingEv"; // c10::initLogging()

  private LibtorchLogging() {}

  /** Applies the level to the libc10 this process loaded; nothing when none is loaded. */
  static void apply(Map<String, String> env) {
    Optional<Path> c10 = loaded("libc10.so");
    if (c10.isEmpty()) {
      return;
    }
    try {
      NativeLibrary library = NativeLibrary.getInstance(c10.get().toString());
      if (env.get(VARIABLE) != null) {
        library.getFunction(INIT_LOGGING).invokeVoid(new Object[0]);
      } else {
        library.getGlobalVariableAddress(LEVEL_FLAG).setInt(0, ERROR);
      }
    } catch (UnsatisfiedLinkError | IllegalArgumentException notThisLibtorch) {
      // a libtorch without these symbols logs as it always did
    }
  }

  /** The level libtorch logs at now, or empty when no libc10 is loaded. */
  static Optional<Integer> level() {
    return loaded("libc10.so")
        .map(
            p ->
                NativeLibrary.getInstance(p.toString())
                    .getGlobalVariableAddress(LEVEL_FLAG)
                    .getInt(0));
  }

  /** A shared library this process has mapped, by file name (Linux: /proc/self/maps). */
  private static Optional<Path> loaded(String fileName) {
    try {
      return Files.readAllLines(Path.of("/proc/self/maps")).stream()
          .map(line -> line.substring(line.lastIndexOf(' ') + 1))
          .filter(path -> path.endsWith("/" + fileName))
          .findFirst()
          .map(Path::of);
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }
}
