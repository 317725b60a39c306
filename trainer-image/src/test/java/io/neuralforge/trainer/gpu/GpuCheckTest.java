package io.neuralforge.trainer.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuralforge.trainer.run.RunSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a run that sees fewer GPUs than it asked for is told, for each likely cause. */
class GpuCheckTest {
  private static final RunSpec.Gpu ONE_T4 = new RunSpec.Gpu("t4", 1);
  private static final RunSpec.Gpu TWO_A10G = new RunSpec.Gpu("a10g", 2);

  private static GpuFacts facts(boolean cuda, boolean driver, boolean runtime, int gpus) {
    return new GpuFacts(cuda, driver, runtime, gpus, gpus == 0 ? "void" : "GPU-1");
  }

  @Test
  void enoughGpusOrNoneAskedForIsNoProblem() {
    assertThat(GpuCheck.problem(ONE_T4, facts(true, true, true, 1))).isNull();
    assertThat(GpuCheck.problem(new RunSpec.Gpu("none", 1), facts(false, false, false, 0)))
        .isNull();
    assertThat(GpuCheck.asked(new RunSpec.Gpu("none", 1))).isZero();
    assertThat(GpuCheck.asked(TWO_A10G)).isEqualTo(2);
  }

  @Test
  void eachCauseIsNamedWithWhatWasAskedAndWhatTheEngineSees() {
    assertThat(GpuCheck.problem(ONE_T4, facts(false, false, false, 0)))
        .isEqualTo(
            "asked for 1x t4; the engine sees 0 GPUs: the trainer image's libtorch has no CUDA"
                + " (a CPU image: GPU runs need the -cuda image)");
    assertThat(GpuCheck.problem(ONE_T4, facts(true, false, false, 0)))
        .startsWith("asked for 1x t4; the engine sees 0 GPUs: no NVIDIA driver in the container")
        .contains("libcuda.so.1 not found");
    assertThat(GpuCheck.problem(ONE_T4, facts(true, true, false, 0)))
        .endsWith("no CUDA runtime found (libcudart.so.12 is not on jna.library.path)");
    assertThat(GpuCheck.problem(ONE_T4, facts(true, true, true, 0)))
        .endsWith("the driver shows this container no GPU (NVIDIA_VISIBLE_DEVICES \"void\")");
    assertThat(GpuCheck.problem(TWO_A10G, facts(true, true, true, 1)))
        .isEqualTo(
            "asked for 2x a10g; the engine sees 1 GPU: the node gave this container fewer GPUs"
                + " than asked (NVIDIA_VISIBLE_DEVICES \"GPU-1\")");
  }

  @Test
  void aTrainerPodFailsAndAWorkstationWarns() {
    String problem = GpuCheck.problem(ONE_T4, facts(true, false, false, 0));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream warnings = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> GpuPolicy.trainerPod(warnings).apply(problem))
        .isInstanceOf(GpuUnavailableException.class)
        .hasMessage(problem);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    GpuPolicy.workstation(warnings).apply(problem);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("neuralforge: warning: " + problem + "; training on what this machine has\n");
    GpuPolicy.trainerPod(warnings).apply(null);
  }
}
