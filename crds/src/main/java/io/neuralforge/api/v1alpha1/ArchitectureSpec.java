package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * The layer graph: model inputs, the nodes (layers) that read from them and from each other, and
 * the nodes that are model outputs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ArchitectureSpec {

  /** Free text describing the network. */
  public String description;

  /** The model inputs, each with its per-sample shape (no batch dimension) and dtype. */
  @Required
  @Size(min = 1)
  public List<ModelInput> inputs;

  /** The layers. Order does not matter: edges come from each node's inputs. At most 2000 nodes. */
  @Required
  @Size(min = 1, max = 2000)
  public List<LayerNode> nodes;

  /** Ids of the nodes that are model outputs. Every node must feed at least one of them. */
  @Required
  @Size(min = 1)
  public List<String> outputs;
}
