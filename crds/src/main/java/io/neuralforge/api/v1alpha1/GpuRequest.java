package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A GPU type and how many of them the trainer uses (data-parallel on one node). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type != 'none' || !has(self.count) || self.count == 1",
    message = "gpu.count needs a GPU type: set gpu.type to t4, a10g or any")
public class GpuRequest {

  /** t4 or a10g (placed by node affinity), any GPU, or none (CPU only). */
  @Required public GpuType type;

  /**
   * GPUs on one node, 1 to 8; default 1. More than one trains data-parallel in one process: each
   * batch is split over the node's GPUs and their gradients are summed on the first. There is no
   * training across nodes (the engine, DJL, has none).
   */
  @Min(1)
  @Max(8)
  public Integer count;

  public GpuRequest() {}

  public GpuRequest(GpuType type, Integer count) {
    this.type = type;
    this.count = count;
  }
}
