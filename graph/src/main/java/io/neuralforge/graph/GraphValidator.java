package io.neuralforge.graph;

import io.neuralforge.graph.layers.LayerCatalog;
import io.neuralforge.graph.layers.LayerException;
import io.neuralforge.graph.layers.LayerInput;
import io.neuralforge.graph.layers.LayerOutput;
import io.neuralforge.graph.layers.LayerType;
import io.neuralforge.graph.layers.Params;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Validates a graph in one pass: structure (ids, references, cycles, reachability), then shape
 * and count inference in topological order. Every error found is reported; nodes whose inputs
 * are valid still get their shapes. Never throws: whatever the input, a result comes back.
 */
public final class GraphValidator {
  public static final int MAX_NODES = 2000;
  static final Pattern ID = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  static final String INTERNAL = "internal error while checking this node: ";

  private GraphValidator() {}

  public static ValidationResult validate(GraphSpec spec) {
    if (spec == null) {
      spec = new GraphSpec(null, null, null, null);
    }
    return new Run(spec).execute();
  }

  /** The state of one validation. */
  private static final class Run {
    private final GraphSpec spec;
    private final List<GraphError> errors = new ArrayList<>();
    private final Map<String, Tensor> inputs = new HashMap<>();
    private final Set<String> inputNames = new HashSet<>();
    /** First definition of each valid, unique id. */
    private final Map<String, GraphSpec.Node> nodes = new LinkedHashMap<>();
    private final Set<String> brokenNodes = new HashSet<>();
    private final Map<String, LayerOutput> inferred = new HashMap<>();

    Run(GraphSpec spec) {
      this.spec = spec;
    }

    ValidationResult execute() {
      String hash = GraphHash.of(spec);
      checkInputs();
      checkNodes();
      checkOutputs();
      List<String> order = GraphOrder.topological(nodes, errors::add);
      reportUnreachable();
      for (String id : order) {
        inferNode(nodes.get(id));
      }
      return result(hash);
    }

    private void error(String node, String field, String message) {
      errors.add(new GraphError(node, field, message));
    }

    private void checkInputs() {
      List<GraphSpec.Input> list = spec.inputs();
      if (list == null || list.isEmpty()) {
        error(null, "inputs", "at least one model input is required");
        return;
      }
      for (int i = 0; i < list.size(); i++) {
        GraphSpec.Input in = list.get(i);
        String where = "inputs[" + i + "]";
        if (in == null || in.name() == null || in.name().isBlank()) {
          error(where, "name", "every model input needs a name");
          continue;
        }
        if (!inputNames.add(in.name())) {
          error(in.name(), "name", "model input \"" + in.name() + "\" is declared twice");
          continue;
        }
        String dtype = in.dtype() == null ? "float32" : in.dtype();
        if (!dtype.equals("float32") && !dtype.equals("int64")) {
          error(in.name(), "dtype", "must be float32 or int64, got \"" + dtype + "\"");
          continue;
        }
        List<Integer> shape = in.shape();
        if (shape == null || shape.isEmpty() || shape.stream().anyMatch(d -> d == null || d <= 0)) {
          error(in.name(), "shape", "must be a non-empty list of positive per-sample dimensions (no batch), got " + shape);
          continue;
        }
        inputs.put(in.name(), new Tensor(Shape.of(shape), dtype.equals("int64")));
      }
    }

    private void checkNodes() {
      List<GraphSpec.Node> list = spec.nodes();
      if (list == null || list.isEmpty()) {
        error(null, "nodes", "at least one node is required");
        return;
      }
      if (list.size() > MAX_NODES) {
        error(null, "nodes", "at most " + MAX_NODES + " nodes are allowed, got " + list.size());
      }
      for (int i = 0; i < list.size(); i++) {
        GraphSpec.Node node = list.get(i);
        String id = node == null ? null : node.id();
        if (id == null || id.isEmpty()) {
          error("nodes[" + i + "]", "id", "every node needs an id");
          continue;
        }
        if (id.length() > 63 || !ID.matcher(id).matches()) {
          error(id, "id", "must be lowercase letters, digits and '-', start and end alphanumeric, at most 63 characters");
          continue;
        }
        if (nodes.containsKey(id)) {
          error(id, "id", "duplicate id: \"" + id + "\" is used by more than one node");
          brokenNodes.add(id);
          continue;
        }
        if (inputNames.contains(id)) {
          error(id, "id", "\"" + id + "\" is also the name of a model input");
          brokenNodes.add(id);
        }
        nodes.put(id, node);
      }
      for (GraphSpec.Node node : nodes.values()) {
        checkNode(node);
      }
    }

    private void checkNode(GraphSpec.Node node) {
      String id = node.id();
      LayerType type = LayerCatalog.find(node.type());
      if (type == null) {
        String hint = LayerCatalog.suggest(node.type());
        error(id, "type", node.type() == null
            ? "type is required"
            : "unknown type \"" + node.type() + "\"" + (hint == null ? "" : "; did you mean " + hint + "?"));
        brokenNodes.add(id);
      } else if (node.params() != null) {
        Set<String> unknown = new TreeSet<>(node.params().keySet());
        unknown.removeAll(type.paramKeys());
        for (String key : unknown) {
          error(id, key, "unknown parameter for " + type.name()
              + (type.paramKeys().isEmpty() ? " (it takes none)" : "; it takes " + new TreeSet<>(type.paramKeys())));
        }
      }
      List<String> refs = node.inputs() == null ? List.of() : node.inputs();
      for (String ref : refs) {
        if (ref == null || (!inputNames.contains(ref) && !nodes.containsKey(ref))) {
          error(id, "inputs", "unknown input \"" + ref + "\": not a model input or node id");
          brokenNodes.add(id);
        }
      }
      if (type != null && !type.arity().accepts(refs.size())) {
        error(id, "inputs", type.name() + " takes " + type.arity().description() + ", got " + refs.size());
        brokenNodes.add(id);
      }
    }

    private void checkOutputs() {
      List<String> outputs = spec.outputs();
      if (outputs == null || outputs.isEmpty()) {
        error(null, "outputs", "at least one output node id is required");
        return;
      }
      Set<String> seen = new HashSet<>();
      for (String out : outputs) {
        if (out == null || !nodes.containsKey(out)) {
          error(out, "outputs", inputNames.contains(out)
              ? "\"" + out + "\" is a model input; outputs must be node ids"
              : "output \"" + out + "\" is not a node id");
        } else if (!seen.add(out)) {
          error(out, "outputs", "output \"" + out + "\" is listed twice");
        }
      }
    }

    /** Every node must feed some output, or it is dead weight the user did not intend. */
    private void reportUnreachable() {
      Set<String> reached = new HashSet<>();
      List<String> stack = new ArrayList<>();
      if (spec.outputs() != null) {
        spec.outputs().stream().filter(nodes::containsKey).forEach(stack::add);
      }
      while (!stack.isEmpty()) {
        String id = stack.remove(stack.size() - 1);
        if (!reached.add(id)) {
          continue;
        }
        List<String> refs = nodes.get(id).inputs();
        if (refs != null) {
          refs.stream().filter(r -> r != null && nodes.containsKey(r)).forEach(stack::add);
        }
      }
      for (GraphSpec.Node node : spec.nodes() == null ? List.<GraphSpec.Node>of() : spec.nodes()) {
        if (node != null && nodes.get(node.id()) == node && !reached.contains(node.id())) {
          error(node.id(), null, "unreachable: no output depends on this node");
        }
      }
    }

    private void inferNode(GraphSpec.Node node) {
      String id = node.id();
      if (brokenNodes.contains(id)) {
        return;
      }
      LayerType type = LayerCatalog.find(node.type());
      List<Shape> shapes = new ArrayList<>();
      for (String ref : node.inputs()) {
        Tensor t = inputs.get(ref);
        if (t == null) {
          LayerOutput upstream = inferred.get(ref);
          if (upstream == null) {
            return; // an upstream error is reported where it happened
          }
          t = new Tensor(upstream.shape(), false);
        }
        if (t.tokenIds() != type.acceptsTokenIds()) {
          error(id, "inputs", t.tokenIds()
              ? "reads int64 token ids from \"" + ref + "\"; only Embedding accepts token ids"
              : type.name() + " needs int64 token ids, but \"" + ref + "\" is float32");
          return;
        }
        shapes.add(t.shape());
      }
      Params params = new Params(node.params());
      try {
        LayerOutput out = type.inference().infer(new LayerInput(shapes, params));
        if (out.shape().hasNonPositive()) {
          error(id, "inputs", "non-positive resulting dimension: output shape " + out.shape() + " from " + shapes);
          return;
        }
        inferred.put(id, out);
      } catch (LayerException e) {
        params.errors().forEach(p -> error(id, p.field(), p.getMessage()));
        if (!e.alreadyReported()) {
          error(id, e.field(), e.getMessage());
        }
      } catch (ArithmeticException e) {
        error(id, "inputs", "sizes overflow: output dimensions or counts too large for input " + shapes);
      } catch (RuntimeException e) {
        error(id, null, INTERNAL + e);
      }
    }

    private ValidationResult result(String hash) {
      List<ValidationResult.NodeResult> nodeResults = new ArrayList<>();
      long parameters = 0;
      long macs = 0;
      for (GraphSpec.Node node : spec.nodes() == null ? List.<GraphSpec.Node>of() : spec.nodes()) {
        if (node == null) {
          continue;
        }
        LayerOutput out = nodes.get(node.id()) == node ? inferred.get(node.id()) : null;
        if (out != null) {
          parameters = saturatingAdd(parameters, out.parameters());
          macs = saturatingAdd(macs, out.macs());
        }
        nodeResults.add(new ValidationResult.NodeResult(
            node.id(), node.type(),
            out == null ? null : out.shape().toList(),
            out == null ? null : out.parameters(),
            out == null ? null : out.macs()));
      }
      List<ValidationResult.OutputResult> outputs = new ArrayList<>();
      if (spec.outputs() != null) {
        for (String name : spec.outputs()) {
          LayerOutput out = name == null ? null : inferred.get(name);
          outputs.add(new ValidationResult.OutputResult(name, out == null ? null : out.shape().toList()));
        }
      }
      return new ValidationResult(parameters, macs, hash, outputs, nodeResults, inSpecOrder(errors));
    }

    /** Graph-wide errors first, then by the position of their node in the spec, stable. */
    private List<GraphError> inSpecOrder(List<GraphError> found) {
      Map<String, Integer> position = new HashMap<>();
      int i = 0;
      for (String id : nodes.keySet()) {
        position.put(id, ++i);
      }
      List<GraphError> sorted = new ArrayList<>(found);
      sorted.sort(java.util.Comparator.comparingInt(e -> e.node() == null ? 0 : position.getOrDefault(e.node(), 0)));
      return List.copyOf(sorted);
    }

    private static long saturatingAdd(long a, long b) {
      long sum = a + b;
      return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
  }

  /** A value flowing along an edge: its shape, and whether it holds int64 token ids. */
  private record Tensor(Shape shape, boolean tokenIds) {
    Tensor {
      Objects.requireNonNull(shape);
    }
  }
}
