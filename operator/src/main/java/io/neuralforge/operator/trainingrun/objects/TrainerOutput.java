package io.neuralforge.operator.trainingrun.objects;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.neuralforge.api.v1alpha1.OutputLocation;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.workload.RestrictedPods;

/**
 * Where a run's output folder lives: its own folder, namespace/name, under the run's output (or the
 * operator's default), so that runs never write over each other.
 */
public final class TrainerOutput {
  private TrainerOutput() {}

  /** The run's output location, or the operator's default; null when there is neither. */
  public static OutputLocation resolve(TrainingRun run, OperatorSettings settings) {
    return run.getSpec().output != null ? run.getSpec().output : settings.defaultOutput();
  }

  /** The run's folder inside the pod. */
  public static String localDirectory(TrainingRun run) {
    return TrainerJobBuilder.OUTPUT_DIR + "/" + relative(run);
  }

  /**
   * The run's folder as users find it: an s3:// URI, pvc://claim/path, or null when the output
   * lives only in the pod.
   */
  public static String directory(TrainingRun run, OutputLocation output) {
    if (output == null) {
      return null;
    }
    if (output.uri != null) {
      return (output.uri.endsWith("/") ? output.uri : output.uri + "/") + relative(run) + "/";
    }
    String sub = output.pvc.subPath == null ? "" : output.pvc.subPath.replaceAll("/+$", "") + "/";
    return "pvc://" + output.pvc.claimName + "/" + sub + relative(run) + "/";
  }

  private static String relative(TrainingRun run) {
    return run.getMetadata().getNamespace() + "/" + run.getMetadata().getName();
  }

  /** The output volume: the claim when the output is a PVC, else an emptyDir. */
  public static Volume volume(OutputLocation output) {
    if (output != null && output.pvc != null) {
      return new VolumeBuilder()
          .withName("output")
          .withNewPersistentVolumeClaim()
          .withClaimName(output.pvc.claimName)
          .endPersistentVolumeClaim()
          .build();
    }
    return RestrictedPods.emptyDir("output");
  }

  /** The output mount at /output, at the claim's subPath when there is one. */
  public static VolumeMount mount(OutputLocation output) {
    VolumeMount mount = RestrictedPods.mount("output", TrainerJobBuilder.OUTPUT_DIR, false);
    if (output != null && output.pvc != null && output.pvc.subPath != null) {
      mount.setSubPath(output.pvc.subPath);
    }
    return mount;
  }
}
