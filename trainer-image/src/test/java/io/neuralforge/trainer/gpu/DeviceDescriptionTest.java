package io.neuralforge.trainer.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

/** status.reproducibility.device as people read it, and the driver version where it is found. */
class DeviceDescriptionTest {
  @Test
  void gpusAreNamedWithTheDriverAndTheCudaRuntime() {
    assertThat(DeviceDescription.of(List.of("Tesla T4"), "550.54.15", "12.6", 4))
        .isEqualTo("cuda:0 Tesla T4, driver 550.54.15, CUDA 12.6");
    assertThat(DeviceDescription.of(List.of("NVIDIA A10G", "NVIDIA A10G"), null, "12.6", 4))
        .isEqualTo("cuda:0 NVIDIA A10G, cuda:1 NVIDIA A10G, driver unknown, CUDA 12.6");
    assertThat(DeviceDescription.cudaVersion(12060)).isEqualTo("12.6");
    assertThat(DeviceDescription.cudaVersion(12080)).isEqualTo("12.8");
  }

  @Test
  void aCpuIsNamedWithItsThreads() {
    assertThat(DeviceDescription.of(List.of(), null, null, 2)).isEqualTo("cpu, 2 threads");
    assertThat(DeviceDescription.of(List.of(), null, null, 1)).isEqualTo("cpu, 1 thread");
    assertThat(DeviceDescription.of(List.of(Device.cpu()), 3)).isEqualTo("cpu, 3 threads");
  }

  @Test
  void theDriverVersionComesFromTheKernelModuleElseTheLibrarysName() {
    String proc =
        "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.15  Tue Mar  5 22:23:56 UTC 2024\n"
            + "GCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n";
    assertThat(NvidiaDriver.versionOf(proc, null)).isEqualTo("550.54.15");
    assertThat(NvidiaDriver.versionOf(null, "libcuda.so.535.183.01")).isEqualTo("535.183.01");
    assertThat(NvidiaDriver.versionOf("", "libcuda.so.1")).isNull();
  }
}
