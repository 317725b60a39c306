package io.neuralforge.trainer.run;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;

/**
 * Which devices a run trains on: the requested number of GPUs where the machine has them (data
 * parallel across them), else the CPU. Pure, so the choice is tested without a GPU.
 */
public final class DeviceSelection {
  private DeviceSelection() {}

  public static List<Device> select(RunSpec.Gpu gpu, int availableGpus) {
    if (gpu.type() == null || gpu.type().equals("none") || availableGpus <= 0) {
      return List.of(Device.cpu());
    }
    int count = Math.min(gpu.countOrDefault(), availableGpus);
    List<Device> devices = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      devices.add(Device.gpu(i));
    }
    return devices;
  }
}
