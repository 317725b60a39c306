package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A builtin dataset, or a uri with its format. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.builtin) != has(self.uri)",
    message = "set exactly one of dataset.builtin and dataset.uri")
@ValidationRule(
    value = "!has(self.uri) || has(self.format)",
    message = "dataset.uri needs dataset.format (idx, cifar10, csv or imagefolder)")
public class DatasetSource {

  /** fashion-mnist, digits or iris, shipped with the trainer. */
  public BuiltinDataset builtin;

  /** A folder: s3://bucket/prefix/ or a path the trainer pod can read. */
  public String uri;

  /** How the files under uri are laid out: idx, cifar10, csv or imagefolder. */
  public DatasetFormat format;

  /** The share of the training data held out for validation, chosen with the run's seed. */
  @Min(0)
  @Max(0.99)
  public Double validationFraction;

  /**
   * Applied on the fly: RandomHorizontalFlip (p), RandomCrop (padding) while training, Normalize
   * (mean, std) always.
   */
  public List<Augmentation> augmentations;
}
