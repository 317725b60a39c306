package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A named tensor and its per-sample shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TensorShape {

  /** The node id. */
  public String name;

  /** Per-sample shape, without the batch dimension; absent when it could not be inferred. */
  public List<Integer> shape;
}
