package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** One model input. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelInput {

  /** Name that nodes use in their inputs to read this model input. */
  @Required
  @Size(min = 1)
  public String name;

  /**
   * Per-sample shape, channels first, without the batch dimension: images [C, H, W], volumes [C, D,
   * H, W], sequences [T, F], token ids [T]. Every dimension is a positive integer.
   */
  @Required
  @Size(min = 1)
  public List<Integer> shape;

  /** Element type: float32 (default) or int64 (token ids, read only by Embedding). */
  public String dtype;
}
