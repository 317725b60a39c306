package io.neuralforge.operator.trainingrun.objects;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.neuralforge.api.v1alpha1.GpuRequest;
import io.neuralforge.api.v1alpha1.GpuType;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.status.UnrunnableSpecException;
import io.neuralforge.operator.workload.RestrictedPods;
import java.util.List;
import java.util.Map;

/**
 * Where a run's pod may go (docs/operations.md, "GPU placement"): t4 and a10g become required node
 * affinity (any one of the configured labels, ORed as separate terms), a toleration of the
 * nvidia.com/gpu taint and an nvidia.com/gpu limit of count; any is the toleration and the limit
 * without affinity; none is nothing at all.
 *
 * @param affinity null when any node will do
 * @param gpus the nvidia.com/gpu limit, 0 for none
 */
public record GpuPlacement(Affinity affinity, List<Toleration> tolerations, int gpus) {
  public static final String GPU_RESOURCE = RestrictedPods.GPU;

  public static GpuPlacement of(
      GpuRequest request, Map<String, List<OperatorSettings.NodeLabel>> labels) {
    GpuType type = request == null || request.type == null ? GpuType.NONE : request.type;
    if (type == GpuType.NONE) {
      return new GpuPlacement(null, List.of(), 0);
    }
    int count = count(request);
    List<Toleration> tolerations =
        List.of(
            new TolerationBuilder()
                .withKey(GPU_RESOURCE)
                .withOperator("Exists")
                .withEffect("NoSchedule")
                .build());
    if (type == GpuType.ANY) {
      return new GpuPlacement(null, tolerations, count);
    }
    List<OperatorSettings.NodeLabel> matching = labels.get(type.wireName());
    if (matching == null || matching.isEmpty()) {
      throw new UnrunnableSpecException(
          "spec.resources.gpu.type: the operator configuration has no node labels for GPU type "
              + type.wireName()
              + " (gpuNodeLabels)");
    }
    List<NodeSelectorTerm> terms =
        matching.stream()
            .map(
                label ->
                    new NodeSelectorTermBuilder()
                        .addNewMatchExpression()
                        .withKey(label.key())
                        .withOperator("In")
                        .withValues(label.values())
                        .endMatchExpression()
                        .build())
            .toList();
    Affinity affinity =
        new AffinityBuilder()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .withNodeSelectorTerms(terms)
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .build();
    return new GpuPlacement(affinity, tolerations, count);
  }

  /** The GPUs a run asks for, 0 for none (or a spec that could not be read). */
  public static int gpus(TrainingRun run) {
    var resources = run.getSpec() == null ? null : run.getSpec().resources;
    GpuRequest request = resources == null ? null : resources.gpu;
    return request == null || request.type == null || request.type == GpuType.NONE
        ? 0
        : count(request);
  }

  private static int count(GpuRequest request) {
    return request.count == null ? 1 : request.count;
  }

  /**
   * The GPU type a run asks for, as metrics label it: t4, a10g, any, none, or unknown for a run
   * whose spec could not be read.
   */
  public static String typeName(TrainingRun run) {
    if (run.getSpec() == null) {
      return "unknown";
    }
    var gpu = run.getSpec().resources == null ? null : run.getSpec().resources.gpu;
    return gpu == null || gpu.type == null ? "none" : gpu.type.wireName();
  }

  /** How status and printer columns show the request: "1x t4", "2x any" or "none". */
  public static String describe(GpuRequest request) {
    if (request == null || request.type == null || request.type == GpuType.NONE) {
      return "none";
    }
    return count(request) + "x " + request.type.wireName();
  }
}
