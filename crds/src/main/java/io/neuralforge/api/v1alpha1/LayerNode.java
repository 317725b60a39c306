package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** One layer of the graph. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LayerNode {

  /** Unique id within the graph: lowercase letters, digits and '-', at most 63 characters. */
  @Required
  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  public String id;

  /** A layer type from the catalog, case-sensitive, e.g. Conv2D, Linear, LSTM. */
  @Required public String type;

  /** Names of model inputs or ids of other nodes this layer reads, in order. */
  public List<String> inputs;

  /**
   * The layer's parameters, camelCase as in the catalog (e.g. outChannels, kernelSize). An "int or
   * pair" accepts 3 or [3, 5]. Unknown keys are errors.
   */
  @PreserveUnknownFields public Map<String, Object> params;
}
