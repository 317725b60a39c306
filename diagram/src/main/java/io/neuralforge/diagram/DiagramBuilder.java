package io.neuralforge.diagram;

import io.neuralforge.diagram.Diagram.Box;
import io.neuralforge.diagram.Diagram.Edge;
import io.neuralforge.diagram.Diagram.Kind;
import io.neuralforge.diagram.Diagram.Line;
import io.neuralforge.diagram.Diagram.TextStyle;
import io.neuralforge.graph.GraphError;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.ValidationResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a spec and what the validator found into boxes, edges and a header. */
final class DiagramBuilder {
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_]([-A-Za-z0-9_.]*)?");

  private final GraphSpec spec;
  private final ValidationResult result;
  private final List<GraphSpec.Node> nodes = new ArrayList<>();
  private final List<ValidationResult.NodeResult> inferred = new ArrayList<>();
  private final Map<String, List<String>> errors = new LinkedHashMap<>();
  private final Map<String, GraphSpec.Input> inputs = new LinkedHashMap<>();
  private final Map<String, String> inputKeys = new HashMap<>();
  private final Set<String> outputs = new HashSet<>();
  private final Set<String> svgIds = new HashSet<>();
  private final Set<String> boxNames = new HashSet<>();

  private DiagramBuilder(GraphSpec spec, ValidationResult result) {
    this.spec = spec;
    this.result = result;
    if (spec.nodes() != null) {
      spec.nodes().stream().filter(Objects::nonNull).forEach(nodes::add);
    }
    // The validator reports one result per non-null node, in the spec's order.
    List<ValidationResult.NodeResult> results = result.nodes() == null ? List.of() : result.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      inferred.add(
          i < results.size() && Objects.equals(results.get(i).id(), nodes.get(i).id())
              ? results.get(i)
              : null);
    }
    for (GraphError e : result.errors() == null ? List.<GraphError>of() : result.errors()) {
      if (e.node() != null) {
        String text = (e.field() == null ? "" : e.field() + ": ") + e.message();
        errors.computeIfAbsent(e.node(), k -> new ArrayList<>()).add(text);
      }
    }
    if (spec.outputs() != null) {
      outputs.addAll(spec.outputs().stream().filter(Objects::nonNull).toList());
    }
  }

  static Diagram build(GraphSpec spec, ValidationResult result, boolean collapse) {
    return new DiagramBuilder(spec == null ? new GraphSpec(null, null, null, null) : spec, result)
        .build(collapse);
  }

  private Diagram build(boolean collapse) {
    List<Box> boxes = new ArrayList<>();
    List<GraphSpec.Input> declared = spec.inputs() == null ? List.of() : spec.inputs();
    for (int k = 0; k < declared.size(); k++) {
      GraphSpec.Input in = declared.get(k);
      if (in != null && in.name() != null && !inputs.containsKey(in.name())) {
        inputs.put(in.name(), in);
        inputKeys.put(in.name(), "i" + k);
        boxes.add(inputBox("i" + k, in));
      }
    }
    boolean[] pinned = new boolean[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      String id = nodes.get(i).id();
      pinned[i] = id == null || errors.containsKey(id) || outputs.contains(id);
    }
    String[] boxOf = new String[nodes.size()];
    Map<Integer, Folding.Run> runsByStart = new HashMap<>();
    if (collapse) {
      for (Folding.Run run : Folding.runs(nodes, pinned)) {
        runsByStart.put(run.start(), run);
        for (int k = run.start(); k < run.end(); k++) {
          boxOf[k] = "b" + run.start();
        }
      }
    }
    Map<String, String> names = new HashMap<>();
    inputKeys.forEach((name, key) -> names.put(key, name));
    for (int i = 0; i < nodes.size(); i++) {
      Folding.Run run = runsByStart.get(i);
      Box box = null;
      if (run != null) {
        box = blockBox(run);
      } else if (boxOf[i] == null) {
        boxOf[i] = "n" + i;
        box = nodeBox(boxOf[i], i);
      }
      if (box != null) {
        boxes.add(box);
        names.put(box.key(), box.name());
      }
    }
    return new Diagram(header(), boxes, edges(boxOf, names));
  }

  private List<Edge> edges(String[] boxOf, Map<String, String> names) {
    Map<String, Integer> index = Folding.firstIndex(nodes);
    Map<String, Edge> edges = new LinkedHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (String ref : Folding.inputs(nodes.get(i))) {
        Integer source = ref == null ? null : index.get(ref);
        String from;
        String shape;
        if (source != null) {
          from = boxOf[source];
          ValidationResult.NodeResult r = inferred.get(source);
          shape = NodeText.shape(r == null ? null : r.outputShape());
        } else if (ref != null && inputKeys.containsKey(ref)) {
          from = inputKeys.get(ref);
          shape = NodeText.shape(declaredShape(inputs.get(ref)));
        } else {
          continue; // an unknown reference: the node's error says so
        }
        String to = boxOf[i];
        if (!from.equals(to)) {
          edges.putIfAbsent(
              from + ">" + to, new Edge(from, to, names.get(from), names.get(to), shape));
        }
      }
    }
    return List.copyOf(edges.values());
  }

  private static List<Integer> declaredShape(GraphSpec.Input in) {
    List<Integer> shape = in.shape();
    return shape == null || shape.isEmpty() || shape.stream().anyMatch(d -> d == null || d <= 0)
        ? null
        : shape;
  }

  private Box inputBox(String key, GraphSpec.Input in) {
    List<String> problems = errors.getOrDefault(in.name(), List.of());
    List<Line> lines = new ArrayList<>();
    lines.add(new Line(in.name(), TextStyle.TITLE));
    String dtype = in.dtype() == null || in.dtype().equals("float32") ? "" : " " + in.dtype();
    lines.add(new Line("input " + NodeText.shape(declaredShape(in)) + dtype, TextStyle.TYPE));
    addErrors(lines, problems);
    boxNames.add(in.name());
    return new Box(
        key,
        Kind.INPUT,
        in.name(),
        svgId("input-", in.name()),
        "input",
        false,
        lines,
        problems,
        1,
        List.of());
  }

  private Box nodeBox(String key, int i) {
    GraphSpec.Node node = nodes.get(i);
    String id = node.id() == null ? "(no id)" : node.id();
    ValidationResult.NodeResult r = inferred.get(i);
    List<String> problems = node.id() == null ? List.of() : errors.getOrDefault(id, List.of());
    boolean output = outputs.contains(id);
    List<Line> lines = new ArrayList<>();
    lines.add(new Line(id, TextStyle.TITLE));
    lines.add(new Line(String.valueOf(node.type()), TextStyle.TYPE));
    for (String text : NodeText.wrap(NodeText.params(node.params()), NodeText.WIDTH)) {
      lines.add(new Line(text, TextStyle.BODY));
    }
    String count = NodeText.parameters(r == null ? null : r.parameterCount());
    if (!count.isEmpty()) {
      lines.add(new Line(count, TextStyle.BODY));
    }
    if (output) {
      lines.add(
          new Line(
              "output " + NodeText.shape(r == null ? null : r.outputShape()), TextStyle.OUTPUT));
    }
    addErrors(lines, problems);
    boxNames.add(id);
    return new Box(
        key,
        Kind.NODE,
        id,
        node.id() == null ? null : svgId("node-", id),
        String.valueOf(node.type()),
        output,
        lines,
        problems,
        1,
        List.of());
  }

  private Box blockBox(Folding.Run run) {
    List<String> members = new ArrayList<>();
    for (int k = run.start(); k < run.end(); k++) {
      members.add(nodes.get(k).id());
    }
    List<String> types = new ArrayList<>();
    long perBlock = 0;
    long total = 0;
    for (int k = run.start(); k < run.end(); k++) {
      ValidationResult.NodeResult r = inferred.get(k);
      long count = r == null || r.parameterCount() == null ? 0 : r.parameterCount();
      total += count;
      if (k < run.start() + run.period()) {
        types.add(String.valueOf(nodes.get(k).type()));
        perBlock += count;
      }
    }
    String first = members.get(0);
    List<Line> lines = new ArrayList<>();
    lines.add(new Line("×" + run.count() + "  " + first, TextStyle.TITLE));
    lines.add(new Line("… " + members.get(members.size() - 1), TextStyle.BODY));
    for (String text : NodeText.wrap(String.join(" → ", types), NodeText.WIDTH)) {
      lines.add(new Line(text, TextStyle.TYPE));
    }
    lines.add(
        new Line(
            String.format(Locale.ROOT, "%d × %,d = %,d params", run.count(), perBlock, total),
            TextStyle.BODY));
    members.forEach(boxNames::add);
    return new Box(
        "b" + run.start(),
        Kind.BLOCK,
        "block-" + first,
        svgId("block-", first),
        String.join(" ", types),
        false,
        lines,
        List.of(),
        run.count(),
        List.copyOf(members));
  }

  private static void addErrors(List<Line> lines, List<String> problems) {
    List<String> wrapped = new ArrayList<>();
    for (String problem : problems) {
      wrapped.addAll(NodeText.wrap(problem, NodeText.WIDTH));
    }
    for (String text : NodeText.limit(wrapped, NodeText.ERROR_LINES)) {
      lines.add(new Line(text, TextStyle.ERROR));
    }
  }

  /** The description, a one-line summary, and the errors that no box shows. */
  private List<Line> header() {
    List<Line> header = new ArrayList<>();
    if (spec.description() != null && !spec.description().isBlank()) {
      for (String text : NodeText.wrap(spec.description(), 2 * NodeText.WIDTH)) {
        header.add(new Line(text, TextStyle.HEADER));
      }
    }
    int errorCount = result.errors() == null ? 0 : result.errors().size();
    header.add(
        new Line(
            String.format(
                Locale.ROOT,
                "%d layers, %,d params, %,d MACs per sample%s",
                nodes.size(),
                result.parameterCount(),
                result.macs(),
                errorCount == 0
                    ? ""
                    : ", " + errorCount + (errorCount == 1 ? " error" : " errors")),
            TextStyle.BODY));
    for (GraphError e : result.errors() == null ? List.<GraphError>of() : result.errors()) {
      if (e.node() == null || !boxNames.contains(e.node())) {
        for (String text : NodeText.wrap(e.describe(), 2 * NodeText.WIDTH)) {
          header.add(new Line(text, TextStyle.ERROR));
        }
      }
    }
    return header;
  }

  private String svgId(String prefix, String name) {
    return SAFE_ID.matcher(name).matches() && svgIds.add(prefix + name) ? prefix + name : null;
  }
}
