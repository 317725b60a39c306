package io.neuralforge.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuralforge.graph.layers.LayerCatalog;
import io.neuralforge.testsupport.HackPython;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * PyTorch judges the validator: seeded random graphs over the whole catalog are built from torch.nn
 * modules and run on CPU by PyTorch from PyPI (hack/py/torch_oracle.py, in the virtualenv
 * hack/python-env.sh manages). Every graph PyTorch runs must be Valid here with the same output
 * shape and parameter count at every node; every graph it refuses must be Invalid here with an
 * error on the node it refused. {@code -Dneuralforge.torchGraphs=N -Dneuralforge.torchSeed=S} widen
 * the search ({@code make soak-pytorch}).
 */
class PyTorchAgreementIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int GRAPHS = Integer.getInteger("neuralforge.torchGraphs", 1200);
  private static final long SEED = Long.getLong("neuralforge.torchSeed", 20261130L);

  @Test
  void validatorAgreesWithPyTorchOnRandomGraphs() throws Exception {
    List<GraphSpec> graphs = new ArrayList<>();
    RandomGraphs generator = new RandomGraphs(SEED);
    for (int i = 0; i < GRAPHS; i++) {
      graphs.add(generator.next(i));
    }
    Map<Integer, JsonNode> verdicts = judgedByPyTorch(graphs);

    List<String> disagreements = new ArrayList<>();
    Set<String> ranByPyTorch = new TreeSet<>();
    int refused = 0;
    for (int i = 0; i < graphs.size(); i++) {
      GraphSpec graph = graphs.get(i);
      JsonNode verdict = verdicts.get(i);
      assertThat(verdict).as("PyTorch's verdict on graph %d", i).isNotNull();
      ValidationResult ours = GraphValidator.validate(graph);
      String problem = disagreement(graph, ours, verdict);
      if (problem != null) {
        disagreements.add("graph " + i + ": " + problem + "\n  " + JSON.writeValueAsString(graph));
      }
      if (verdict.get("refused").isNull()) {
        graph.nodes().forEach(n -> ranByPyTorch.add(n.type()));
      } else {
        refused++;
      }
    }
    System.out.printf(
        "PyTorch judged %d graphs (seed %d): %d ran, %d refused, %d disagreements%n",
        graphs.size(), SEED, graphs.size() - refused, refused, disagreements.size());
    assertThat(disagreements).as("graphs where PyTorch and the validator disagree").isEmpty();
    assertThat(ranByPyTorch)
        .as("every catalog type in a graph PyTorch ran")
        .containsAll(LayerCatalog.all().keySet());
    assertThat(refused).as("graphs PyTorch refused (so refusals are judged too)").isPositive();
  }

  /** Null when both agree; otherwise what differs, in a line. */
  private static String disagreement(GraphSpec graph, ValidationResult ours, JsonNode verdict) {
    JsonNode refusal = verdict.get("refused");
    if (!refusal.isNull()) {
      String node = refusal.get("node").asText();
      boolean named = ours.errors().stream().anyMatch(e -> node.equals(e.node()));
      return named
          ? null
          : "PyTorch refuses node "
              + node
              + " ("
              + refusal.get("message").asText()
              + ") but the validator says "
              + (ours.valid() ? "Valid" : ours.errors());
    }
    if (!ours.valid()) {
      return "PyTorch runs it but the validator says " + ours.errors();
    }
    JsonNode torchNodes = verdict.get("nodes");
    for (ValidationResult.NodeResult node : ours.nodes()) {
      JsonNode torch = torchNodes.get(node.id());
      List<Integer> torchShape = new ArrayList<>();
      torch.get("shape").forEach(d -> torchShape.add(d.asInt()));
      long torchParameters = torch.get("parameters").asLong();
      if (!torchShape.equals(node.outputShape()) || torchParameters != node.parameterCount()) {
        return String.format(
            "node %s (%s): PyTorch gives shape %s with %d parameters, the validator %s with %d",
            node.id(),
            node.type(),
            torchShape,
            torchParameters,
            node.outputShape(),
            node.parameterCount());
      }
    }
    return null;
  }

  /** Runs the oracle over all graphs in one Python process; verdicts by graph index. */
  private static Map<Integer, JsonNode> judgedByPyTorch(List<GraphSpec> graphs)
      throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("torch-oracle");
    Path in = work.resolve("graphs.jsonl");
    Path out = work.resolve("verdicts.jsonl");
    try (BufferedWriter w = Files.newBufferedWriter(in)) {
      for (int i = 0; i < graphs.size(); i++) {
        w.write(JSON.writeValueAsString(Map.of("id", i, "spec", graphs.get(i))));
        w.newLine();
      }
    }
    String python = HackPython.python(work.resolve("env.log"));
    HackPython.run(
        work.resolve("oracle.log"),
        python,
        "hack/py/torch_oracle.py",
        in.toString(),
        out.toString());
    Map<Integer, JsonNode> verdicts = new HashMap<>();
    for (String line : Files.readAllLines(out)) {
      JsonNode verdict = JSON.readTree(line);
      verdicts.put(verdict.get("id").asInt(), verdict);
    }
    return verdicts;
  }
}
