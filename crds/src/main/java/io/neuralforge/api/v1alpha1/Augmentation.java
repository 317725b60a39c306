package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** One augmentation step, applied to each sample as it is batched. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Augmentation {

  /** RandomHorizontalFlip, RandomCrop (training only) or Normalize (always). */
  @Required public AugmentationType type;

  /** RandomHorizontalFlip: the probability of a flip; default 0.5. */
  @Min(0)
  @Max(1)
  public Double p;

  /** RandomCrop: zero padding on each side before a crop of the original size. */
  @Min(0)
  public Integer padding;

  /** Normalize: the mean to subtract, one number or one per channel. */
  @PreserveUnknownFields public Object mean;

  /** Normalize: the standard deviation to divide by, one number or one per channel. */
  @PreserveUnknownFields public Object std;
}
