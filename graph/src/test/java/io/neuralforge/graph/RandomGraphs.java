package io.neuralforge.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Seeded random Architecture graphs shaped like real models: chains over every rank, residual and
 * branching DAGs, encoder/decoders with skips, and sequence and attention models. Parameters are
 * drawn around the edges PyTorch checks (kernels near the input size, ceil mode, padding, groups),
 * so some graphs end in a node that should be refused; each graph has at most one such node, as its
 * last.
 */
final class RandomGraphs {
  private static final List<String> ACTIVATIONS =
      List.of(
          "ReLU",
          "ReLU6",
          "LeakyReLU",
          "ELU",
          "GELU",
          "SiLU",
          "Sigmoid",
          "Tanh",
          "Hardswish",
          "Softmax",
          "LogSoftmax",
          "PReLU");

  /** Elements per sample above which a draw is discarded, to keep PyTorch's runs quick. */
  private static final long MAX_ELEMENTS = 40_000;

  private final Random random;

  RandomGraphs(long seed) {
    this.random = new Random(seed);
  }

  GraphSpec next(int index) {
    Draft d = new Draft();
    switch (index % 4) {
      case 0 -> chain(d);
      case 1 -> residual(d);
      case 2 -> encoderDecoder(d);
      default -> sequence(d);
    }
    return d.spec();
  }

  // ---- families

  private void chain(Draft d) {
    String x =
        switch (random.nextInt(4)) {
          case 0 -> d.input(between(1, 48));
          case 1 -> d.input(between(1, 8), between(2, 16));
          case 2 -> d.input(between(1, 4), between(1, 16), between(1, 16));
          default -> d.input(between(1, 3), between(1, 6), between(1, 8), between(1, 8));
        };
    int length = between(1, 8);
    for (int i = 0; i < length && !d.ended; i++) {
      x = step(d, x);
    }
  }

  private void residual(Draft d) {
    String x =
        random.nextBoolean()
            ? d.input(between(1, 4), between(2, 12), between(2, 12))
            : d.input(between(2, 6), 4 * between(1, 4));
    int blocks = between(1, 3);
    for (int b = 0; b < blocks && !d.ended; b++) {
      List<Integer> shape = d.shape(x);
      if (random.nextInt(3) == 0) {
        String left = step(d, x);
        String right = step(d, x);
        if (!d.ended && !left.equals(right)) {
          int rank = d.shape(left).size();
          x = orElse(d.add("Concat", List.of(left, right), axisParam(rank)), x);
        }
        continue;
      }
      List<String> joined = new ArrayList<>(List.of(x));
      int branches = random.nextInt(4) == 0 ? 2 : 1;
      for (int i = 0; i < branches && !d.ended; i++) {
        String y = x;
        int depth = between(1, 3);
        for (int k = 0; k < depth && !d.ended; k++) {
          y = d.tryEach(4, () -> proposal(shape), y, same -> same.equals(shape));
        }
        joined.add(y);
      }
      if (!d.ended && new LinkedHashSet<>(joined).size() == joined.size()) {
        x = orElse(d.add(random.nextBoolean() ? "Add" : "Multiply", joined, Map.of()), x);
      }
    }
    if (!d.ended) {
      step(d, x);
    }
  }

  private void encoderDecoder(Draft d) {
    String x = d.input(between(1, 3), 4 * between(1, 4), 4 * between(1, 4));
    int channels = between(2, 8);
    x = orElse(d.add("Conv2D", x, "outChannels", channels, "kernelSize", 3, "padding", 1), x);
    List<String> skips = new ArrayList<>();
    int levels = between(1, 2);
    for (int l = 0; l < levels && !d.ended; l++) {
      skips.add(x);
      channels *= 2;
      x =
          random.nextBoolean()
              ? orElse(d.add("MaxPool2D", x, "kernelSize", 2, "ceilMode", random.nextBoolean()), x)
              : orElse(
                  d.add(
                      "Conv2D",
                      x,
                      "outChannels",
                      channels,
                      "kernelSize",
                      3,
                      "stride",
                      2,
                      "padding",
                      1),
                  x);
      if (!d.ended && random.nextBoolean()) {
        x = step(d, x);
      }
    }
    for (int l = skips.size() - 1; l >= 0 && !d.ended; l--) {
      x =
          random.nextBoolean()
              ? orElse(
                  d.add("Upsample", x, "scaleFactor", 2, "mode", pick("nearest", "bilinear")), x)
              : orElse(
                  d.add(
                      "ConvTranspose2D",
                      x,
                      "outChannels",
                      between(1, 8),
                      "kernelSize",
                      2,
                      "stride",
                      2,
                      "outputPadding",
                      random.nextInt(4) == 0 ? 1 : 0),
                  x);
      if (!d.ended && sameSpatial(d.shape(x), d.shape(skips.get(l)))) {
        x = orElse(d.add("Concat", List.of(x, skips.get(l)), Map.of()), x);
      }
    }
    if (!d.ended) {
      d.add("Conv2D", x, "outChannels", between(1, 4), "kernelSize", 1);
    }
  }

  private void sequence(Draft d) {
    int e = 4 * between(1, 4);
    int t = between(1, 10);
    String x;
    if (random.nextBoolean()) {
      String tokens = d.tokens(t);
      Map<String, Object> p = new LinkedHashMap<>();
      int vocabulary = between(2, 50);
      p.put("numEmbeddings", vocabulary);
      p.put("embeddingDim", e);
      if (random.nextInt(3) == 0) {
        p.put("paddingIdx", random.nextInt(vocabulary));
      }
      x = orElse(d.add("Embedding", List.of(tokens), p), tokens);
    } else {
      x = d.input(t, e);
    }
    if (!d.ended && random.nextBoolean()) {
      int maxLength = random.nextInt(8) == 0 ? t - 1 : t + random.nextInt(8);
      x =
          orElse(
              d.add(
                  "PositionalEncoding",
                  x,
                  "kind",
                  pick("sinusoidal", "learned"),
                  "maxLength",
                  Math.max(maxLength, 1)),
              x);
    }
    if (!d.ended && random.nextInt(4) == 0) {
      String memory = d.input(between(1, 8), e);
      x =
          orElse(
              d.add(
                  "MultiHeadAttention",
                  List.of(x, memory, memory),
                  Map.of("numHeads", pick(1, 2, 4), "bias", random.nextBoolean())),
              x);
    }
    int length = between(1, 4);
    for (int i = 0; i < length && !d.ended; i++) {
      x = step(d, x);
    }
  }

  private static boolean sameSpatial(List<Integer> a, List<Integer> b) {
    return a.size() == 3 && b.size() == 3 && a.subList(1, 3).equals(b.subList(1, 3));
  }

  /** One layer applicable to {@code x}'s rank, tried a few times; {@code x} when none fitted. */
  private String step(Draft d, String x) {
    return d.tryEach(6, () -> proposal(d.shape(x)), x, shape -> true);
  }

  private static String orElse(String added, String fallback) {
    return added == null ? fallback : added;
  }

  // ---- proposals: a type and params for a per-sample shape

  private Proposal proposal(List<Integer> shape) {
    int rank = shape.size();
    List<String> types = new ArrayList<>(ACTIVATIONS);
    types.addAll(
        List.of(
            "Linear",
            "LayerNorm",
            "Dropout",
            "Identity",
            "Flatten",
            "Reshape",
            "Permute",
            "GroupNorm"));
    switch (rank) {
      case 1 -> types.add("BatchNorm1D");
      case 2 ->
          types.addAll(
              List.of(
                  "BatchNorm1D",
                  "Conv1D",
                  "MaxPool1D",
                  "AvgPool1D",
                  "LSTM",
                  "GRU",
                  "RNN",
                  "MultiHeadAttention",
                  "TransformerEncoderLayer",
                  "PositionalEncoding",
                  "SequencePool"));
      case 3 ->
          types.addAll(
              List.of(
                  "Conv2D",
                  "ConvTranspose2D",
                  "MaxPool2D",
                  "AvgPool2D",
                  "AdaptiveAvgPool2D",
                  "AdaptiveMaxPool2D",
                  "GlobalAvgPool2D",
                  "BatchNorm2D",
                  "InstanceNorm2D",
                  "Dropout2D",
                  "ZeroPad2D",
                  "Upsample"));
      case 4 -> types.addAll(List.of("Conv3D", "MaxPool3D", "AvgPool3D", "BatchNorm3D"));
      default -> {}
    }
    String type = types.get(random.nextInt(types.size()));
    return new Proposal(type, params(type, shape));
  }

  private Map<String, Object> params(String type, List<Integer> shape) {
    int rank = shape.size();
    int first = shape.get(0);
    int last = shape.get(rank - 1);
    Map<String, Object> p = new LinkedHashMap<>();
    switch (type) {
      case "Linear" -> {
        p.put("outFeatures", between(1, 32));
        maybe(p, "bias", random.nextBoolean());
      }
      case "LeakyReLU" -> maybe(p, "negativeSlope", pick(0.01, 0.2));
      case "ELU" -> maybe(p, "alpha", pick(1.0, 0.5));
      case "Softmax", "LogSoftmax" -> maybe(p, "dim", between(-rank, rank - 1));
      case "PReLU" -> maybe(p, "numParameters", random.nextBoolean() ? 1 : first);
      case "Dropout", "Dropout2D" -> maybe(p, "p", pick(0.0, 0.1, 0.5));
      case "LayerNorm" -> {
        int k = between(1, rank);
        List<Integer> trailing = shape.subList(rank - k, rank);
        if (random.nextBoolean()) {
          p.put("normalizedShape", k == 1 && random.nextBoolean() ? last : trailing);
        }
        maybe(p, "elementwiseAffine", random.nextBoolean());
      }
      case "GroupNorm" -> {
        p.put("numGroups", random.nextInt(6) == 0 ? between(1, 4) : pick(divisors(first)));
        maybe(p, "affine", random.nextBoolean());
      }
      case "BatchNorm1D", "BatchNorm2D", "BatchNorm3D", "InstanceNorm2D" -> {
        maybe(p, "affine", random.nextBoolean());
        maybe(p, "momentum", pick(0.1, 0.0, 1.0));
      }
      case "Flatten" -> {
        int start = between(0, rank - 1);
        maybe(p, "startDim", random.nextBoolean() ? start : start - rank);
        maybe(p, "endDim", between(start, rank - 1) - (random.nextBoolean() ? rank : 0));
      }
      case "Reshape" -> p.put("shape", reshape(shape));
      case "Permute" -> {
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
          dims.add(random.nextInt(4) == 0 ? i - rank : i);
        }
        Collections.shuffle(dims, random);
        p.put("dims", dims);
      }
      case "Conv1D", "Conv2D", "Conv3D" -> convolution(p, shape, rank - 1);
      case "ConvTranspose2D" -> {
        int stride = between(1, 3);
        int dilation = random.nextBoolean() ? 1 : 2;
        p.put("outChannels", between(1, 8));
        p.put("kernelSize", tuple(2, 1, 4));
        maybe(p, "stride", stride);
        maybe(p, "padding", between(0, 1));
        maybe(p, "dilation", dilation);
        maybe(
            p,
            "outputPadding",
            random.nextInt(4) == 0
                ? Math.max(stride, dilation)
                : between(0, Math.max(stride, dilation) - 1));
        groups(p, first, (Integer) p.get("outChannels"));
        maybe(p, "bias", random.nextBoolean());
      }
      case "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D", "AvgPool3D" -> {
        List<Integer> kernels = nearSizes(shape);
        int kernel = kernels.get(0);
        p.put("kernelSize", random.nextBoolean() ? kernel : kernels);
        maybe(p, "stride", between(1, 3));
        maybe(p, "padding", between(0, kernel / 2));
        maybe(p, "ceilMode", random.nextInt(3) > 0);
        if (type.startsWith("Max")) {
          maybe(p, "dilation", between(1, 2));
        } else {
          maybe(p, "countIncludePad", random.nextBoolean());
        }
      }
      case "AdaptiveAvgPool2D", "AdaptiveMaxPool2D" -> p.put("outputSize", tuple(2, 1, 6));
      case "ZeroPad2D" ->
          p.put(
              "padding",
              random.nextBoolean()
                  ? between(0, 2)
                  : List.of(between(0, 2), between(0, 2), between(0, 2), between(0, 2)));
      case "Upsample" -> {
        p.put("scaleFactor", random.nextBoolean() ? between(1, 3) : tuple(2, 1, 2));
        maybe(p, "mode", pick("nearest", "bilinear"));
      }
      case "LSTM", "GRU", "RNN" -> {
        p.put("hiddenSize", between(1, 12));
        maybe(p, "numLayers", between(1, 2));
        maybe(p, "bidirectional", random.nextBoolean());
        maybe(p, "bias", random.nextBoolean());
        if (type.equals("RNN")) {
          maybe(p, "nonlinearity", pick("tanh", "relu"));
        }
      }
      case "MultiHeadAttention" -> {
        p.put("numHeads", random.nextInt(5) == 0 ? between(1, 5) : pick(divisors(last)));
        maybe(p, "bias", random.nextBoolean());
      }
      case "TransformerEncoderLayer" -> {
        p.put("numHeads", pick(divisors(last)));
        p.put("dimFeedforward", between(1, 32));
        maybe(p, "activation", pick("relu", "gelu"));
        maybe(p, "normFirst", random.nextBoolean());
      }
      case "PositionalEncoding" -> {
        maybe(p, "kind", pick("sinusoidal", "learned"));
        p.put("maxLength", Math.max(1, first + between(-1, 4)));
      }
      case "SequencePool" -> maybe(p, "mode", pick("last", "mean", "max"));
      default -> {}
    }
    return p;
  }

  private void convolution(Map<String, Object> p, List<Integer> shape, int n) {
    int out = between(1, 12);
    List<Integer> kernels = nearSizes(shape);
    p.put("outChannels", out);
    p.put("kernelSize", random.nextBoolean() ? kernels.get(0) : kernels);
    int stride = random.nextInt(3) == 0 ? 2 : 1;
    maybe(p, "stride", stride);
    switch (random.nextInt(4)) {
      case 0 -> p.put("padding", stride == 1 || random.nextInt(4) == 0 ? "same" : "valid");
      case 1 -> p.put("padding", between(0, 3));
      case 2 -> p.put("padding", tuple(n, 0, 2));
      default -> {}
    }
    maybe(p, "dilation", between(1, 2));
    groups(p, shape.get(0), out);
    maybe(p, "bias", random.nextBoolean());
  }

  private void groups(Map<String, Object> p, int channels, int out) {
    List<Integer> common = new ArrayList<>(divisors(channels));
    common.retainAll(divisors(out));
    maybe(p, "groups", random.nextInt(6) == 0 ? between(1, 3) : pick(common));
  }

  /** Per spatial axis, a kernel size up to one more than that axis (at most 4). */
  private List<Integer> nearSizes(List<Integer> shape) {
    List<Integer> sizes = new ArrayList<>();
    for (int i = 1; i < shape.size(); i++) {
      sizes.add(between(1, Math.min(4, shape.get(i) + 1)));
    }
    return sizes;
  }

  private List<Integer> reshape(List<Integer> shape) {
    long elements = 1;
    for (int d : shape) {
      elements *= d;
    }
    List<Integer> target = new ArrayList<>();
    long left = elements;
    int axes = between(1, 3);
    for (int i = 1; i < axes; i++) {
      int d = pick(divisors((int) left));
      target.add(d);
      left /= d;
    }
    target.add((int) left);
    if (random.nextBoolean()) {
      target.set(random.nextInt(target.size()), -1);
    }
    return target;
  }

  private Map<String, Object> axisParam(int rank) {
    Map<String, Object> p = new HashMap<>();
    maybe(p, "axis", between(-rank, rank - 1));
    return p;
  }

  // ---- draws

  private int between(int low, int high) {
    return low + random.nextInt(high - low + 1);
  }

  private Object tuple(int n, int low, int high) {
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(between(low, high));
    }
    return values;
  }

  /** Writes the key half of the time, so defaults are exercised as often as explicit values. */
  private void maybe(Map<String, Object> p, String key, Object value) {
    if (random.nextBoolean()) {
      p.put(key, value);
    }
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  private <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  private static List<Integer> divisors(int n) {
    List<Integer> divisors = new ArrayList<>();
    for (int d = 1; d <= n; d++) {
      if (n % d == 0) {
        divisors.add(d);
      }
    }
    return divisors;
  }

  private record Proposal(String type, Map<String, Object> params) {}

  /**
   * A graph being drawn. Each node is validated as it is added; a node the validator refuses ends
   * the graph one time in four (so refusals get judged too) and is dropped otherwise.
   */
  private final class Draft {
    private final List<GraphSpec.Input> inputs = new ArrayList<>();
    private final List<GraphSpec.Node> nodes = new ArrayList<>();
    private final Map<String, List<Integer>> shapes = new HashMap<>();
    private boolean ended;

    String input(Integer... shape) {
      String name = "in" + inputs.size();
      inputs.add(
          new GraphSpec.Input(name, List.of(shape), random.nextBoolean() ? "float32" : null));
      shapes.put(name, List.of(shape));
      return name;
    }

    String tokens(int length) {
      String name = "tokens" + inputs.size();
      inputs.add(new GraphSpec.Input(name, List.of(length), "int64"));
      shapes.put(name, List.of(length));
      return name;
    }

    List<Integer> shape(String id) {
      return shapes.get(id);
    }

    String add(String type, String from, Object... params) {
      Map<String, Object> p = new LinkedHashMap<>();
      for (int i = 0; i < params.length; i += 2) {
        p.put((String) params[i], params[i + 1]);
      }
      return add(type, List.of(from), p);
    }

    String add(String type, List<String> from, Map<String, Object> params) {
      return add(type, from, params, shape -> true);
    }

    /** Adds a node; its id when valid and {@code accept}ed, else null (ending the graph or not). */
    String add(
        String type,
        List<String> from,
        Map<String, Object> params,
        Predicate<List<Integer>> accept) {
      String id = type.toLowerCase() + "-" + nodes.size();
      GraphSpec.Node node = new GraphSpec.Node(id, type, from, params.isEmpty() ? null : params);
      nodes.add(node);
      ValidationResult result = validate(nodes.stream().map(GraphSpec.Node::id).toList());
      List<Integer> shape =
          result.nodes().stream()
              .filter(n -> n.id().equals(id))
              .findFirst()
              .map(ValidationResult.NodeResult::outputShape)
              .orElse(null);
      if (shape != null && accept.test(shape) && elements(shape) <= MAX_ELEMENTS) {
        shapes.put(id, shape);
        return id;
      }
      if (shape == null && random.nextInt(4) == 0) {
        ended = true;
        return null;
      }
      nodes.remove(nodes.size() - 1);
      return null;
    }

    /** Up to {@code tries} proposals on {@code from}; the first one added, else {@code from}. */
    String tryEach(
        int tries, Supplier<Proposal> proposals, String from, Predicate<List<Integer>> accept) {
      for (int i = 0; i < tries && !ended; i++) {
        Proposal p = proposals.get();
        String id = add(p.type(), List.of(from), p.params(), accept);
        if (id != null) {
          return id;
        }
      }
      return from;
    }

    private ValidationResult validate(List<String> outputs) {
      return GraphValidator.validate(new GraphSpec(null, inputs, nodes, outputs));
    }

    /** The graph, with every node nothing reads from as an output. */
    GraphSpec spec() {
      Set<String> read = new HashSet<>();
      nodes.forEach(n -> read.addAll(n.inputs()));
      List<String> outputs =
          nodes.stream().map(GraphSpec.Node::id).filter(id -> !read.contains(id)).toList();
      if (outputs.isEmpty()) {
        // No layer fitted: an Identity keeps the graph well-formed.
        nodes.add(new GraphSpec.Node("identity", "Identity", List.of(inputs.get(0).name()), null));
        outputs = List.of("identity");
      }
      return new GraphSpec(null, List.copyOf(inputs), List.copyOf(nodes), outputs);
    }

    private long elements(List<Integer> shape) {
      long n = 1;
      for (int d : shape) {
        n *= d;
      }
      return n;
    }
  }
}
