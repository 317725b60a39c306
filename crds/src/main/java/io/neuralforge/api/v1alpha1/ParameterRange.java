package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A numeric interval a random sweep draws from; integers are rounded. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.min < self.max", message = "range.min must be below range.max")
@ValidationRule(
    value = "self.scale != 'log' || self.min > 0.0",
    message = "a log range needs range.min above 0")
public class ParameterRange {
  /** The smallest value. */
  @Required public Double min;

  /** The largest value. */
  @Required public Double max;

  /** linear (default) or log. */
  @Default("linear")
  public RangeScale scale;

  public ParameterRange() {}

  public ParameterRange(double min, double max, RangeScale scale) {
    this.min = min;
    this.max = max;
    this.scale = scale;
  }
}
