package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Quantity;

/** What the trainer pod asks for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ComputeResources {

  /** The GPU type and count; none when absent. */
  public GpuRequest gpu;

  /** CPU request and limit, e.g. "4"; default 2. */
  public Quantity cpu;

  /** Memory request and limit, e.g. 16Gi; default 8Gi. */
  public Quantity memory;
}
