package io.neuralforge.trainer.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which JNI flavour and CUDA runtime the engine is told about, for each kind of image and node. */
class EngineLibrariesTest {
  private static final String TORCH_LIB = "/opt/neuralforge/cuda/torch/lib";
  private static final Set<Path> CUDA_IMAGE =
      Set.of(
          Path.of(TORCH_LIB, "libtorch_cuda.so"),
          Path.of("/opt/neuralforge/cuda/nvidia/cuda_runtime/lib"));

  @Test
  void theCpuImageLeavesTheEngineAsItIs() {
    assertThat(EngineLibraries.choose(null, null, true, CUDA_IMAGE::contains))
        .isEqualTo(new EngineLibraries.Choice(null, null));
  }

  @Test
  void theCudaImageLoadsTheCudaJniWhereTheDriverLoadsAndTheCpuJniElsewhere() {
    var gpuNode = EngineLibraries.choose(TORCH_LIB, null, true, CUDA_IMAGE::contains);
    assertThat(gpuNode.flavor()).isEqualTo("cu128");
    assertThat(gpuNode.cudaRuntimeDir())
        .isEqualTo(Path.of("/opt/neuralforge/cuda/nvidia/cuda_runtime/lib"));
    var noDriver = EngineLibraries.choose(TORCH_LIB, null, false, CUDA_IMAGE::contains);
    assertThat(noDriver.flavor()).isEqualTo("cpu");
    assertThat(noDriver.cudaRuntimeDir()).isEqualTo(gpuNode.cudaRuntimeDir());
  }

  @Test
  void aFlavourSetByHandWinsAndACpuLibtorchNeverGetsTheCudaJni() {
    assertThat(EngineLibraries.choose(TORCH_LIB, "cpu", true, CUDA_IMAGE::contains).flavor())
        .isNull();
    assertThat(EngineLibraries.choose("/usr/lib/libtorch", null, true, p -> false))
        .isEqualTo(new EngineLibraries.Choice("cpu", null));
  }
}
