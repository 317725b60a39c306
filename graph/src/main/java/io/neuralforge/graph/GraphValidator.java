package io.neuralforge.graph;

import io.neuralforge.graph.layers.LayerCatalog;
import io.neuralforge.graph.layers.LayerException;
import io.neuralforge.graph.layers.LayerInput;
import io.neuralforge.graph.layers.LayerOutput;
import io.neuralforge.graph.layers.LayerType;
import io.neuralforge.graph.layers.Params;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates a graph in one pass: structure (ids, references, cycles, reachability), then shape and
 * count inference in topological order. Every error found is reported; nodes whose inputs are valid
 * still get their shapes. Never throws: whatever the input, a result comes back.
 *
 * <p>Node references are resolved to indices once, so the passes over the graph work on arrays.
 */
public final class GraphValidator {
  public static final int MAX_NODES = 2000;
  static final String INTERNAL = "internal error while checking this node: ";

  private GraphValidator() {}

  public static ValidationResult validate(GraphSpec spec) {
    return new Run(spec == null ? new GraphSpec(null, null, null, null) : spec).execute();
  }

  /** {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?}, at most 63 characters; by hand, as it runs per node. */
  static boolean isDnsLabel(String id) {
    int n = id.length();
    if (n == 0 || n > 63 || id.charAt(0) == '-' || id.charAt(n - 1) == '-') {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** The state of one validation. */
  private static final class Run {
    private final GraphSpec spec;
    private final List<GraphError> errors = new ArrayList<>();

    /** Model inputs by name; a null value marks a declared input whose declaration is invalid. */
    private final Map<String, Tensor> inputs = new HashMap<>();

    /** The nodes with a valid, unique id, in spec order; their index is their position here. */
    private final List<GraphSpec.Node> nodes;

    private final Map<String, Integer> index;
    private boolean[] broken;
    private LayerType[] types;

    /** Per node: the distinct node indices it reads from. */
    private int[][] predecessors;

    /** Per node, per input in order: the node index it reads, or -1 for a model input. */
    private int[][] sources;

    private LayerOutput[] inferred;

    Run(GraphSpec spec) {
      this.spec = spec;
      int size = spec.nodes() == null ? 0 : Math.min(spec.nodes().size(), MAX_NODES + 1);
      this.index = new HashMap<>(size * 2);
      this.nodes = new ArrayList<>(size);
    }

    ValidationResult execute() {
      checkInputs();
      checkNodes();
      checkOutputs();
      int[] order = GraphOrder.topological(predecessors, this::idOf, errors::add);
      reportUnreachable();
      for (int i : order) {
        inferNode(i);
      }
      return result(order);
    }

    private String idOf(int i) {
      return nodes.get(i).id();
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
        if (in == null || in.name() == null || in.name().isBlank()) {
          error("inputs[" + i + "]", "name", "every model input needs a name");
          continue;
        }
        if (inputs.containsKey(in.name())) {
          error(in.name(), "name", "model input \"" + in.name() + "\" is declared twice");
          continue;
        }
        inputs.put(in.name(), null);
        String dtype = in.dtype() == null ? "float32" : in.dtype();
        if (!dtype.equals("float32") && !dtype.equals("int64")) {
          error(in.name(), "dtype", "must be float32 or int64, got \"" + dtype + "\"");
          continue;
        }
        List<Integer> shape = in.shape();
        if (shape == null || shape.isEmpty() || shape.stream().anyMatch(d -> d == null || d <= 0)) {
          error(
              in.name(),
              "shape",
              "must be a non-empty list of positive per-sample dimensions (no batch), got "
                  + shape);
          continue;
        }
        inputs.put(in.name(), new Tensor(Shape.of(shape), dtype.equals("int64")));
      }
    }

    private void checkNodes() {
      List<GraphSpec.Node> list = spec.nodes() == null ? List.of() : spec.nodes();
      if (list.isEmpty()) {
        error(null, "nodes", "at least one node is required");
      }
      if (list.size() > MAX_NODES) {
        error(null, "nodes", "at most " + MAX_NODES + " nodes are allowed, got " + list.size());
      }
      List<String> duplicates = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        GraphSpec.Node node = list.get(i);
        String id = node == null ? null : node.id();
        if (id == null || id.isEmpty()) {
          error("nodes[" + i + "]", "id", "every node needs an id");
        } else if (!isDnsLabel(id)) {
          error(
              id,
              "id",
              "must be lowercase letters, digits and '-', start and end alphanumeric, at most 63 characters");
        } else if (index.containsKey(id)) {
          error(id, "id", "duplicate id: \"" + id + "\" is used by more than one node");
          duplicates.add(id);
        } else {
          index.put(id, nodes.size());
          nodes.add(node);
        }
      }
      broken = new boolean[nodes.size()];
      types = new LayerType[nodes.size()];
      predecessors = new int[nodes.size()][];
      sources = new int[nodes.size()][];
      inferred = new LayerOutput[nodes.size()];
      for (String id : duplicates) {
        broken[index.get(id)] = true;
      }
      for (int i = 0; i < nodes.size(); i++) {
        checkNode(i);
      }
    }

    private void checkNode(int i) {
      GraphSpec.Node node = nodes.get(i);
      String id = node.id();
      if (inputs.containsKey(id)) {
        error(id, "id", "\"" + id + "\" is also the name of a model input");
        broken[i] = true;
      }
      LayerType type = LayerCatalog.find(node.type());
      types[i] = type;
      if (type == null) {
        String hint = LayerCatalog.suggest(node.type());
        error(
            id,
            "type",
            node.type() == null
                ? "type is required"
                : "unknown type \""
                    + node.type()
                    + "\""
                    + (hint == null ? "" : "; did you mean " + hint + "?"));
        broken[i] = true;
      } else if (node.params() != null && !type.paramKeys().containsAll(node.params().keySet())) {
        Set<String> unknown = new TreeSet<>(node.params().keySet());
        unknown.removeAll(type.paramKeys());
        for (String key : unknown) {
          error(
              id,
              key,
              "unknown parameter for "
                  + type.name()
                  + (type.paramKeys().isEmpty()
                      ? " (it takes none)"
                      : "; it takes " + new TreeSet<>(type.paramKeys())));
        }
      }
      List<String> refs = node.inputs() == null ? List.of() : node.inputs();
      int[] preds = new int[refs.size()];
      int[] reads = new int[refs.size()];
      int count = 0;
      for (int r = 0; r < reads.length; r++) {
        String ref = refs.get(r);
        Integer source = ref == null ? null : index.get(ref);
        reads[r] = source == null ? -1 : source;
        if (source != null) {
          if (!contains(preds, count, source)) {
            preds[count++] = source;
          }
        } else if (ref == null || !inputs.containsKey(ref)) {
          error(id, "inputs", "unknown input \"" + ref + "\": not a model input or node id");
          broken[i] = true;
        }
      }
      predecessors[i] = count == preds.length ? preds : Arrays.copyOf(preds, count);
      sources[i] = reads;
      if (type != null && !type.arity().accepts(refs.size())) {
        error(
            id,
            "inputs",
            type.name() + " takes " + type.arity().description() + ", got " + refs.size());
        broken[i] = true;
      }
    }

    private static boolean contains(int[] values, int count, int value) {
      for (int k = 0; k < count; k++) {
        if (values[k] == value) {
          return true;
        }
      }
      return false;
    }

    private void checkOutputs() {
      List<String> outputs = spec.outputs();
      if (outputs == null || outputs.isEmpty()) {
        error(null, "outputs", "at least one output node id is required");
        return;
      }
      boolean[] seen = new boolean[nodes.size()];
      for (String out : outputs) {
        Integer i = out == null ? null : index.get(out);
        if (i == null) {
          error(
              out,
              "outputs",
              out != null && inputs.containsKey(out)
                  ? "\"" + out + "\" is a model input; outputs must be node ids"
                  : "output \"" + out + "\" is not a node id");
        } else if (seen[i]) {
          error(out, "outputs", "output \"" + out + "\" is listed twice");
        }
        if (i != null) {
          seen[i] = true;
        }
      }
    }

    /** Every node must feed some output, or it is dead weight the user did not intend. */
    private void reportUnreachable() {
      boolean[] reached = new boolean[nodes.size()];
      int[] stack = new int[nodes.size()];
      int top = 0;
      for (String out : spec.outputs() == null ? List.<String>of() : spec.outputs()) {
        Integer i = out == null ? null : index.get(out);
        if (i != null && !reached[i]) {
          reached[i] = true;
          stack[top++] = i;
        }
      }
      while (top > 0) {
        for (int p : predecessors[stack[--top]]) {
          if (!reached[p]) {
            reached[p] = true;
            stack[top++] = p;
          }
        }
      }
      for (int i = 0; i < nodes.size(); i++) {
        if (!reached[i]) {
          error(idOf(i), null, "unreachable: no output depends on this node");
        }
      }
    }

    private void inferNode(int i) {
      if (broken[i]) {
        return;
      }
      GraphSpec.Node node = nodes.get(i);
      String id = node.id();
      LayerType type = types[i];
      int[] reads = sources[i];
      Shape[] read = new Shape[reads.length];
      for (int r = 0; r < reads.length; r++) {
        String ref = node.inputs().get(r);
        boolean tokenIds = false;
        if (reads[r] >= 0) {
          LayerOutput upstream = inferred[reads[r]];
          if (upstream == null) {
            return; // an upstream error is reported where it happened
          }
          read[r] = upstream.shape();
        } else {
          Tensor t = inputs.get(ref);
          if (t == null) {
            return; // the model input's declaration is reported
          }
          read[r] = t.shape();
          tokenIds = t.tokenIds();
        }
        if (tokenIds != type.acceptsTokenIds()) {
          error(
              id,
              "inputs",
              tokenIds
                  ? "reads int64 token ids from \"" + ref + "\"; only Embedding accepts token ids"
                  : type.name() + " needs int64 token ids, but \"" + ref + "\" is float32");
          return;
        }
      }
      List<Shape> shapes = Arrays.asList(read);
      Params params = new Params(node.params());
      try {
        LayerOutput out = type.inference().infer(new LayerInput(shapes, params));
        if (out.shape().hasNonPositive()) {
          error(
              id,
              "inputs",
              "non-positive resulting dimension: output shape " + out.shape() + " from " + shapes);
          return;
        }
        inferred[i] = out;
      } catch (LayerException e) {
        params.errors().forEach(p -> error(id, p.field(), p.getMessage()));
        if (!e.alreadyReported()) {
          error(id, e.field(), e.getMessage());
        }
      } catch (ArithmeticException e) {
        error(
            id,
            "inputs",
            "sizes overflow: an output dimension exceeds 2^31-1 or the parameter or MAC count"
                + " exceeds 2^63-1 for input "
                + shapes);
      } catch (RuntimeException e) {
        error(id, null, INTERNAL + e);
      }
    }

    private ValidationResult result(int[] order) {
      List<GraphSpec.Node> all = spec.nodes() == null ? List.of() : spec.nodes();
      List<ValidationResult.NodeResult> nodeResults = new ArrayList<>(all.size());
      long parameters = 0;
      long macs = 0;
      int next = 0; // the checked nodes are the spec's nodes with a valid, unique id, in order
      for (GraphSpec.Node node : all) {
        if (node == null) {
          continue;
        }
        LayerOutput out = null;
        if (next < nodes.size() && nodes.get(next) == node) {
          out = inferred[next++];
        }
        if (out != null) {
          parameters = addCount(parameters, out.parameters(), node.id(), "parameter count");
          macs = addCount(macs, out.macs(), node.id(), "MAC count");
        }
        nodeResults.add(
            new ValidationResult.NodeResult(
                node.id(),
                node.type(),
                out == null ? null : out.shape().toList(),
                out == null ? null : out.parameters(),
                out == null ? null : out.macs()));
      }
      List<ValidationResult.OutputResult> outputs = new ArrayList<>();
      for (String name : spec.outputs() == null ? List.<String>of() : spec.outputs()) {
        Integer i = name == null ? null : index.get(name);
        LayerOutput out = i == null ? null : inferred[i];
        outputs.add(
            new ValidationResult.OutputResult(name, out == null ? null : out.shape().toList()));
      }
      String[] evaluationOrder = new String[order.length];
      for (int k = 0; k < order.length; k++) {
        evaluationOrder[k] = idOf(order[k]);
      }
      return new ValidationResult(
          parameters, macs, outputs, nodeResults, inSpecOrder(), List.of(evaluationOrder));
    }

    /** Graph-wide errors first, then by the position of their node in the spec, stable. */
    private List<GraphError> inSpecOrder() {
      List<GraphError> sorted = new ArrayList<>(errors);
      sorted.sort(
          Comparator.comparingInt(e -> e.node() == null ? -1 : index.getOrDefault(e.node(), -1)));
      return List.copyOf(sorted);
    }

    private final Set<String> overflowed = new HashSet<>();

    /** The running total plus this node's count; an overflow is this node's error, not a cap. */
    private long addCount(long total, long count, String id, String what) {
      try {
        return Math.addExact(total, count);
      } catch (ArithmeticException e) {
        if (overflowed.add(what)) {
          error(id, null, "the model's " + what + " exceeds 2^63-1 with this node");
        }
        return total;
      }
    }
  }

  /** A value flowing along an edge: its shape, and whether it holds int64 token ids. */
  private record Tensor(Shape shape, boolean tokenIds) {}
}
