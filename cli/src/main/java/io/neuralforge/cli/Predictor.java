package io.neuralforge.cli;

import io.neuralforge.trainer.export.Preprocessing;
import io.neuralforge.trainer.export.V2Tensor;
import java.util.List;

/** A model to ask: an ONNX file run here, or a model served over the v2 protocol. */
interface Predictor extends AutoCloseable {

  /**
   * What is known of the model before asking it.
   *
   * @param name the model's name, as responses name it
   * @param input the input images and CSV rows are fitted to (the model's first)
   * @param preprocessing how the model's run prepared its inputs, when the model says so itself;
   *     else null
   */
  record Model(String name, ModelInput input, Preprocessing preprocessing) {}

  Model model();

  /**
   * The model's outputs for one request.
   *
   * @throws PredictionFailure when the model refuses the request or cannot be reached
   */
  List<V2Tensor> infer(List<V2Tensor> inputs);

  @Override
  void close();
}
