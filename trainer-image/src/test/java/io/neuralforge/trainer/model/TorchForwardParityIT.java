package io.neuralforge.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.graph.layers.LayerCatalog;
import io.neuralforge.testsupport.HackPython;
import io.neuralforge.trainer.gpu.PyTorchEngine;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PyTorch judges the trainer's layers: every catalog case is built as the trainer builds it
 * (PyTorch's initialisation, seeded; what it leaves constant drawn at random), its parameters
 * copied into the equivalent torch.nn module (hack/py/torch_parity.py, PyTorch from PyPI on CPU)
 * and the same inputs run through both, in evaluation mode and, where the modes differ and nothing
 * random acts (dropout), in training mode (batch norm's batch statistics). The outputs must agree
 * to 1e-5.
 */
class TorchForwardParityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final NDManager MANAGER = PyTorchEngine.get().newBaseManager();
  private static final int BATCH = 3;
  private static final double TOLERANCE = 1e-5;

  @Test
  void everyCatalogLayerComputesWhatItsTorchModuleComputes(@TempDir Path work) throws Exception {
    Engine.getInstance().setRandomSeed(11);
    List<LayerCases.Case> cases = LayerCases.cases().toList();
    Path in = work.resolve("cases.jsonl");
    try (BufferedWriter w = Files.newBufferedWriter(in)) {
      for (int i = 0; i < cases.size(); i++) {
        w.write(JSON.writeValueAsString(describe(i, cases.get(i))));
        w.newLine();
      }
    }
    Path out = work.resolve("results.jsonl");
    String python = HackPython.python(work.resolve("env.log"));
    HackPython.run(
        work.resolve("parity.log"),
        python,
        "hack/py/torch_parity.py",
        in.toString(),
        out.toString());

    List<String> disagreements = new ArrayList<>();
    Set<String> judged = new TreeSet<>();
    for (String line : Files.readAllLines(out)) {
      JsonNode result = JSON.readTree(line);
      LayerCases.Case c = cases.get(result.get("id").asInt());
      if (result.has("error")) {
        disagreements.add(c + ": " + result.get("error").asText());
        continue;
      }
      result
          .get("diff")
          .properties()
          .forEach(
              mode -> {
                if (!(mode.getValue().asDouble() <= TOLERANCE)) {
                  disagreements.add(c + " (" + mode.getKey() + "): differs by " + mode.getValue());
                }
              });
      judged.add(c.type());
    }
    assertThat(disagreements).as("cases where PyTorch computes otherwise").isEmpty();
    assertThat(judged).containsExactlyInAnyOrderElementsOf(LayerCatalog.all().keySet());
  }

  /** A case as the script reads it: inputs, the trainer's parameters and its outputs. */
  private static Map<String, Object> describe(int id, LayerCases.Case c) {
    GraphSpec spec = LayerCases.graph(c);
    ValidationResult validated = GraphValidator.validate(spec);
    assertThat(validated.errors()).as(c.toString()).isEmpty();
    GraphModel model = new GraphModel(spec, validated);
    ai.djl.ndarray.types.Shape[] shapes = LayerCases.batchedShapes(c, BATCH);
    model.initialize(MANAGER, DataType.FLOAT32, shapes);
    model.initializeLikePyTorch();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", id);
    d.put("type", c.type());
    d.put("params", c.params());
    try (NDManager step = MANAGER.newSubManager()) {
      perturbConstants(model, step);
      NDList inputs = new NDList();
      List<Object> described = new ArrayList<>();
      for (ai.djl.ndarray.types.Shape s : shapes) {
        NDArray x =
            c.tokenIds() ? step.randomInteger(0, 50, s, DataType.INT64) : step.randomNormal(s);
        inputs.add(x);
        described.add(tensor(x));
      }
      d.put("inputs", described);
      Map<String, Object> parameters = new LinkedHashMap<>();
      model
          .parametersOf("layer")
          .forEach((name, a) -> parameters.put(name.replaceAll("(^|_)\\d{2}", "$1"), tensor(a)));
      d.put("parameters", parameters);
      Map<String, Object> outputs = new LinkedHashMap<>();
      // evaluation first: a training pass moves batch norm's running statistics
      outputs.put("eval", tensor(forward(model, step, inputs, false)));
      if (!random(c)) {
        outputs.put("train", tensor(forward(model, step, inputs, true)));
      }
      d.put("outputs", outputs);
    }
    return d;
  }

  /**
   * Parameters the initialisation leaves constant (norms' scale and shift, attention's zero biases,
   * running statistics) drawn from [0.5, 1.5], so that the comparison sees each one act; a norm's
   * fixed scale and shift without affine stay as they are.
   */
  private static void perturbConstants(GraphModel model, NDManager m) {
    for (var entry : model.block("layer").getParameters()) {
      Parameter p = entry.getValue();
      NDArray a = p.getArray();
      boolean statistic =
          p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
      boolean constant = a.size() > 1 ? a.max().getFloat() == a.min().getFloat() : true;
      if ((p.requiresGradient() || statistic) && constant) {
        m.randomUniform(0.5f, 1.5f, a.getShape()).copyTo(a);
      }
    }
  }

  private static NDArray forward(GraphModel model, NDManager m, NDList in, boolean training) {
    return model.forward(new ParameterStore(m, false), in, training).singletonOrThrow();
  }

  /** Whether training mode draws at random here (dropout), so only evaluation can be compared. */
  private static boolean random(LayerCases.Case c) {
    if (c.type().startsWith("Dropout")) {
      return true;
    }
    Object rate = c.params().get("dropout");
    boolean defaultDropout = c.type().equals("TransformerEncoderLayer"); // PyTorch's default: 0.1
    return rate == null ? defaultDropout : ((Number) rate).doubleValue() > 0;
  }

  private static Map<String, Object> tensor(NDArray a) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("shape", a.getShape().getShape());
    if (a.getDataType() == DataType.INT64) {
      t.put("dtype", "int64");
      t.put("data", a.toLongArray());
    } else {
      t.put("data", a.toType(DataType.FLOAT32, false).toFloatArray());
    }
    return t;
  }

  @AfterAll
  static void close() {
    MANAGER.close();
  }
}
