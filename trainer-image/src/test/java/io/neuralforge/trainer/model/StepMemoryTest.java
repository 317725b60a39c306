package io.neuralforge.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.trainer.gpu.PyTorchEngine;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A training step leaves nothing behind in the model's memory: every array it makes, activations
 * and their autograd graph, closes with the step's scope, whichever of the layers that read their
 * own parameters computed it (a step of the Transformer example once left 700 MB behind).
 */
class StepMemoryTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  /** The arrays the model's manager holds after each of five steps. */
  private static int[] arraysAfterSteps(String graph, Shape input, Function<NDManager, NDArray> x)
      throws Exception {
    GraphSpec spec = YAML.readValue(graph, GraphSpec.class);
    PyTorchEngine.get();
    try (Model model = Model.newInstance("memory", Device.cpu())) {
      model.setBlock(new GraphModel(spec, GraphValidator.validate(spec)));
      var config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(Optimizer.adam().build())
              .optDevices(new Device[] {Device.cpu()});
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(input);
        BaseNDManager parameters =
            (BaseNDManager) model.getBlock().getParameters().valueAt(0).getArray().getManager();
        int[] counts = new int[5];
        for (int step = 0; step < counts.length; step++) {
          try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray y = scope.create(new long[] {0, 1});
            try (GradientCollector collector = trainer.newGradientCollector()) {
              NDArray logits = trainer.forward(new NDList(x.apply(scope))).singletonOrThrow();
              collector.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(logits)));
            }
            trainer.step();
          }
          counts[step] = parameters.getManagedArrays().size();
        }
        return counts;
      }
    }
  }

  @Test
  void tokenLayersLeaveNothingBehind() throws Exception {
    int[] counts =
        arraysAfterSteps(
            """
            inputs: [{name: tokens, shape: [6], dtype: int64}]
            nodes:
            - {id: embed, type: Embedding, inputs: [tokens],
               params: {numEmbeddings: 20, embeddingDim: 8, paddingIdx: 0}}
            - {id: position, type: PositionalEncoding, inputs: [embed],
               params: {kind: learned, maxLength: 6}}
            - {id: encoder, type: TransformerEncoderLayer, inputs: [position],
               params: {numHeads: 2, dimFeedforward: 16, normFirst: true}}
            - {id: pool, type: SequencePool, inputs: [encoder], params: {mode: mean}}
            - {id: fc, type: Linear, inputs: [pool], params: {outFeatures: 2}}
            outputs: [fc]
            """,
            new Shape(2, 6),
            scope ->
                scope.create(new float[] {0, 3, 5, 7, 9, 11, 2, 4, 6, 8, 10, 0}, new Shape(2, 6)));
    assertThat(counts[4])
        .as("arrays after steps %s", java.util.Arrays.toString(counts))
        .isEqualTo(counts[1]);
  }

  @Test
  void imageLayersWithTheirOwnParametersLeaveNothingBehind() throws Exception {
    int[] counts =
        arraysAfterSteps(
            """
            inputs: [{name: image, shape: [2, 6, 6]}]
            nodes:
            - {id: conv, type: Conv2D, inputs: [image], params: {outChannels: 4, kernelSize: 3}}
            - {id: norm, type: GroupNorm, inputs: [conv], params: {numGroups: 2}}
            - {id: act, type: PReLU, inputs: [norm]}
            - {id: up, type: ConvTranspose2D, inputs: [act], params: {outChannels: 2, kernelSize: 2, stride: 2}}
            - {id: pool, type: GlobalAvgPool2D, inputs: [up]}
            - {id: fc, type: Linear, inputs: [pool], params: {outFeatures: 2}}
            outputs: [fc]
            """,
            new Shape(2, 2, 6, 6),
            scope -> scope.randomNormal(new Shape(2, 2, 6, 6)));
    assertThat(counts[4])
        .as("arrays after steps %s", java.util.Arrays.toString(counts))
        .isEqualTo(counts[1]);
  }
}
