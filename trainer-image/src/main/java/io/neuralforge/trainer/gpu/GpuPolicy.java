package io.neuralforge.trainer.gpu;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.neuralforge.trainer.run.DeviceSelection;
import io.neuralforge.trainer.run.RunSpec;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What a run does when it sees fewer GPUs than it asked for: in a trainer pod it fails ({@link
 * GpuUnavailableException}); on a workstation ({@code neuralforge train}) it trains on what there
 * is, saying so on {@code warnings}.
 */
public record GpuPolicy(boolean required, PrintStream warnings) {
  public static GpuPolicy workstation(PrintStream warnings) {
    return new GpuPolicy(false, warnings);
  }

  public static GpuPolicy trainerPod(PrintStream warnings) {
    return new GpuPolicy(true, warnings);
  }

  /**
   * The devices a run trains on: the GPUs it asked for where {@code engine} sees them; else this
   * policy fails the run or warns and gives it what there is.
   */
  public List<Device> devices(RunSpec.Gpu gpu, Engine engine, Map<String, String> env) {
    int asked = GpuCheck.asked(gpu);
    int visible = asked == 0 ? 0 : engine.getGpuCount();
    if (visible < asked) {
      apply(GpuCheck.problem(gpu, GpuFacts.probe(visible, env)));
    }
    return DeviceSelection.select(gpu, visible);
  }

  /** Fails or warns on {@code problem} ({@link GpuCheck#problem}); nothing when it is null. */
  public void apply(String problem) {
    if (problem == null) {
      return;
    }
    if (required) {
      throw new GpuUnavailableException(problem);
    }
    warnings.println("neuralforge: warning: " + problem + "; training on what this machine has");
  }
}
