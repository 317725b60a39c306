package io.neuralforge.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.trainer.gpu.PyTorchEngine;
import io.neuralforge.trainer.model.BatchShapes;
import io.neuralforge.trainer.model.GraphModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Exports every example architecture (random weights) into target/onnx-examples, each beside the
 * output shapes the validator infers, for hack/onnx-check.sh: the official ONNX checker and ONNX's
 * own shape inference then judge files we wrote with a checker we did not write.
 */
class ExampleExportsTest {
  static final Path OUT = Path.of("target/onnx-examples");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyExampleArchitectureIsExportedForTheOfficialChecker() throws IOException {
    Files.createDirectories(OUT);
    List<Path> examples;
    try (Stream<Path> files = Files.list(Path.of("../examples/architectures"))) {
      examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    List<String> written = new ArrayList<>();
    for (Path example : examples) {
      GraphSpec spec =
          new YAMLMapper()
              .treeToValue(
                  new YAMLMapper().readTree(example.toFile()).get("spec"), GraphSpec.class);
      ValidationResult validated = GraphValidator.validate(spec);
      String name = example.getFileName().toString().replace(".yaml", "");
      try (NDManager manager = PyTorchEngine.get().newBaseManager()) {
        GraphModel model = new GraphModel(spec, validated);
        ai.djl.ndarray.types.Shape[] shapes =
            spec.inputs().stream()
                .map(in -> BatchShapes.batched(1, io.neuralforge.graph.Shape.of(in.shape())))
                .toArray(ai.djl.ndarray.types.Shape[]::new);
        model.initialize(manager, DataType.FLOAT32, shapes);
        // large networks at half precision (smaller files, and the Casts get checked too)
        boolean fp16 = validated.parameterCount() > 1_000_000;
        Files.write(
            OUT.resolve(name + ".onnx"),
            OnnxExporter.export(spec, validated, model, fp16).toByteArray());
      }
      writeShapes(OUT.resolve(name + ".shapes.json"), validated);
      written.add(name);
    }
    assertThat(written).hasSameSizeAs(examples).isNotEmpty();
  }

  /** The validator's output shapes, batch first, as the checker script compares them. */
  static void writeShapes(Path file, ValidationResult validated) throws IOException {
    Map<String, List<Object>> outputs = new LinkedHashMap<>();
    for (ValidationResult.OutputResult out : validated.outputs()) {
      List<Object> dims = new ArrayList<>();
      dims.add("batch");
      dims.addAll(out.shape());
      outputs.put(out.name(), dims);
    }
    JSON.writeValue(file.toFile(), Map.of("outputs", outputs));
  }
}
