package io.neuralforge.trainer.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The engine the trainer starts logs libtorch's errors only, unless TORCH_CPP_LOG_LEVEL says. */
class LibtorchLoggingTest {
  @Test
  void theEngineStartsWithLibtorchLoggingErrorsOnly() {
    PyTorchEngine.get();
    if (System.getenv(LibtorchLogging.VARIABLE) == null) {
      assertThat(LibtorchLogging.level()).contains(LibtorchLogging.ERROR);
    } else {
      assertThat(LibtorchLogging.level()).isPresent(); // libtorch read the variable itself
    }
  }
}
