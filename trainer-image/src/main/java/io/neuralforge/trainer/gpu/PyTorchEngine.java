package io.neuralforge.trainer.gpu;

import ai.djl.engine.Engine;

/**
 * The one way the trainer and the exporter start DJL's PyTorch engine: offline (it comes from the
 * jars Maven installed, or the libtorch the CUDA image unpacked; nothing is downloaded at run
 * time), with the libraries {@link EngineLibraries} chose, logging as {@link LibtorchLogging} says.
 */
public final class PyTorchEngine {
  private static boolean configured;

  private PyTorchEngine() {}

  public static synchronized Engine get() {
    if (!configured) {
      if (System.getProperty("ai.djl.offline") == null) {
        System.setProperty("ai.djl.offline", "true");
      }
      EngineLibraries.configure(System.getenv());
      Engine.getEngine("PyTorch"); // loads libtorch, whose logging is then set
      LibtorchLogging.apply(System.getenv());
      configured = true;
    }
    return Engine.getEngine("PyTorch");
  }
}
