package io.neuralforge.operator.trainingrun.objects;

import io.neuralforge.api.v1alpha1.GpuRequest;
import io.neuralforge.api.v1alpha1.GpuType;
import io.neuralforge.operator.config.OperatorSettings;

/**
 * Which trainer image a run gets: the CUDA image for every GPU run (t4, a10g, any), the CPU image
 * for the rest. A GPU run on the CPU image would train on the CPU of a GPU node, billed as GPU
 * time; a CPU run on the CUDA image would carry gigabytes it never uses. Pure.
 */
public final class TrainerImages {
  private TrainerImages() {}

  public static String of(GpuRequest gpu, OperatorSettings settings) {
    boolean wantsGpu = gpu != null && gpu.type != null && gpu.type != GpuType.NONE;
    return wantsGpu ? settings.cudaTrainerImage() : settings.trainerImage();
  }
}
