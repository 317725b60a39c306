package io.neuralforge.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.neuralforge.trainer.gpu.PyTorchEngine;
import org.junit.jupiter.api.Test;

/** DJL's PyTorch engine loads from the jars Maven installed, with downloads switched off. */
class EngineOfflineTest {

  @Test
  void pytorchRunsOfflineOnCpu() {
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    Engine engine = PyTorchEngine.get();
    assertThat(engine.getVersion()).startsWith("2.7.1");
    try (NDManager manager = PyTorchEngine.get().newBaseManager()) {
      NDArray a = manager.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
      assertThat(a.matMul(a).toFloatArray()).containsExactly(7, 10, 15, 22);
    }
  }
}
