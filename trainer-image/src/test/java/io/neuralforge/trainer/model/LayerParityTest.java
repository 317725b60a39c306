package io.neuralforge.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.graph.layers.LayerCatalog;
import io.neuralforge.trainer.gpu.PyTorchEngine;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every catalog type built in DJL: a forward pass (training and inference) gives the output shape
 * the validator reports, and the block has exactly the validator's trainable parameter count.
 */
class LayerParityTest {
  private static final NDManager MANAGER = PyTorchEngine.get().newBaseManager();
  private static final int BATCH = 2;

  @ParameterizedTest
  @MethodSource("io.neuralforge.trainer.model.LayerCases#cases")
  void djlMatchesTheValidator(LayerCases.Case c) {
    GraphSpec spec = LayerCases.graph(c);
    ValidationResult validated = GraphValidator.validate(spec);
    assertThat(validated.errors()).isEmpty();

    GraphModel model = new GraphModel(spec, validated);
    ai.djl.ndarray.types.Shape[] shapes = LayerCases.batchedShapes(c, BATCH);
    model.initialize(MANAGER, DataType.FLOAT32, shapes);
    assertThat(model.trainableParameterCount())
        .as("trainable parameters")
        .isEqualTo(validated.parameterCount());

    ai.djl.ndarray.types.Shape expected =
        BatchShapes.batched(
            BATCH, io.neuralforge.graph.Shape.of(validated.outputs().get(0).shape()));
    for (boolean training : new boolean[] {true, false}) {
      try (NDManager step = MANAGER.newSubManager()) {
        NDList in = new NDList();
        for (ai.djl.ndarray.types.Shape s : shapes) {
          in.add(
              c.tokenIds() ? step.randomInteger(0, 50, s, DataType.INT64) : step.randomNormal(s));
        }
        NDArray out =
            model.forward(new ParameterStore(step, false), in, training).singletonOrThrow();
        assertThat(out.getShape()).as("output shape, training=" + training).isEqualTo(expected);
        assertThat(out.isNaN().any().getBoolean()).isFalse();
      }
    }
  }

  @Test
  void everyCatalogTypeHasAParityCase() {
    Set<String> covered =
        LayerCases.cases()
            .map(LayerCases.Case::type)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(covered).containsExactlyInAnyOrderElementsOf(LayerCatalog.all().keySet());
  }

  @AfterAll
  static void close() {
    MANAGER.close();
  }
}
