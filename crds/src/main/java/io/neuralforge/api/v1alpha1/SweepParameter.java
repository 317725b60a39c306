package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * One dimension of the search: a field of the template and the values it takes, as a list or (in a
 * random sweep) a range; exactly one of them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SweepParameter {
  /**
   * A dotted path into the template, e.g. hyperparameters.optimizer.learningRate or
   * architectureRef.name (the schema lists every path a sweep can vary).
   */
  @Required public String path;

  /** The values to try, each one the template's field accepts. */
  @Size(min = 1)
  public List<JsonNode> values;

  /** A numeric interval, for random sweeps. */
  public ParameterRange range;

  public SweepParameter() {}

  public SweepParameter(String path, List<JsonNode> values, ParameterRange range) {
    this.path = path;
    this.values = values;
    this.range = range;
  }
}
