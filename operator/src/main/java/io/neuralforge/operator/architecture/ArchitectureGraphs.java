package io.neuralforge.operator.architecture;

import io.neuralforge.api.v1alpha1.ArchitectureSpec;
import io.neuralforge.api.v1alpha1.LayerNode;
import io.neuralforge.api.v1alpha1.ModelInput;
import io.neuralforge.graph.GraphSpec;
import java.util.List;

/** Converts an Architecture's spec to the graph module's model, as written. */
public final class ArchitectureGraphs {
  private ArchitectureGraphs() {}

  public static GraphSpec toGraph(ArchitectureSpec spec) {
    if (spec == null) {
      return new GraphSpec(null, null, null, null);
    }
    List<GraphSpec.Input> inputs =
        spec.inputs == null ? null : spec.inputs.stream().map(ArchitectureGraphs::input).toList();
    List<GraphSpec.Node> nodes =
        spec.nodes == null ? null : spec.nodes.stream().map(ArchitectureGraphs::node).toList();
    return new GraphSpec(spec.description, inputs, nodes, spec.outputs);
  }

  private static GraphSpec.Input input(ModelInput in) {
    return in == null ? null : new GraphSpec.Input(in.name, in.shape, in.dtype);
  }

  private static GraphSpec.Node node(LayerNode node) {
    return node == null ? null : new GraphSpec.Node(node.id, node.type, node.inputs, node.params);
  }
}
