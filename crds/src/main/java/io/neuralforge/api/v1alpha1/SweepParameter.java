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
   * The most values one parameter takes: each is offered to the API server in a dry run before the
   * first run, so a sweep's checks stay a few hundred requests (and its CEL rules within budget).
   */
  public static final int MAX_VALUES = 32;

  /**
   * A dotted path into the template, e.g. hyperparameters.optimizer.learningRate or
   * architectureRef.name (the schema lists every path a sweep can vary).
   */
  @Required public String path;

  /** The values to try (at most 32), each one the template's field accepts. */
  @Size(min = 1, max = MAX_VALUES)
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
