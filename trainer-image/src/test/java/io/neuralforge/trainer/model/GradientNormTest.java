package io.neuralforge.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.trainer.gpu.PyTorchEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * status.progress.gradientNorm against the gradient worked out by hand: a linear classifier with
 * zero weights predicts 1/3 for each of 3 classes, so mean cross-entropy's gradient is (1/3 -
 * onehot) / N per sample, times the input for the weights.
 */
class GradientNormTest {
  private static final float[][] X = {{1, 2, 0, -1}, {0.5f, -1, 3, 2}};
  private static final int[] Y = {2, 0};

  private static double byHand() {
    int n = X.length;
    double squares = 0;
    for (int j = 0; j < 3; j++) {
      double bias = 0;
      double[] weights = new double[4];
      for (int s = 0; s < n; s++) {
        double g = (1.0 / 3 - (Y[s] == j ? 1 : 0)) / n;
        bias += g;
        for (int k = 0; k < 4; k++) {
          weights[k] += g * X[s][k];
        }
      }
      squares += bias * bias;
      for (double w : weights) {
        squares += w * w;
      }
    }
    return Math.sqrt(squares);
  }

  @Test
  void theNormOfOneStepsGradientsIsTheOneWorkedOutByHand() throws Exception {
    GraphSpec spec =
        new YAMLMapper()
            .readValue(
                """
                inputs: [{name: x, shape: [4]}]
                nodes: [{id: fc, type: Linear, inputs: [x], params: {outFeatures: 3}}]
                outputs: [fc]
                """,
                GraphSpec.class);
    PyTorchEngine.get();
    try (Model model = Model.newInstance("linear", Device.cpu())) {
      GraphModel network = new GraphModel(spec, GraphValidator.validate(spec));
      model.setBlock(network);
      var config =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optDevices(new Device[] {Device.cpu()});
      try (Trainer trainer = model.newTrainer(config);
          NDManager scope = trainer.getManager().newSubManager()) {
        trainer.initialize(new ai.djl.ndarray.types.Shape(2, 4));
        assertThat(network.gradientNorm(List.of(Device.cpu()), scope)).isNaN();
        network.getParameters().values().forEach(p -> p.getArray().subi(p.getArray()));
        NDArray x = scope.create(new float[][] {X[0], X[1]});
        NDArray y = scope.create(Y).toType(DataType.INT64, false);
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
          collector.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(logits)));
        }
        assertThat(network.gradientNorm(List.of(Device.cpu()), scope))
            .isCloseTo(byHand(), within(1e-6));
      }
    }
  }
}
