package io.neuralforge.trainer.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Segmentation's loss, PyTorch's {@code cross_entropy} on [N, C, H, W] logits and [N, H, W] class
 * indices: softmax cross-entropy per pixel, averaged over every pixel of the batch.
 */
final class PerPixelCrossEntropy extends Loss {
  private final Loss perSample = Loss.softmaxCrossEntropyLoss();

  PerPixelCrossEntropy() {
    super("PerPixelCrossEntropy");
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray logits = predictions.singletonOrThrow();
    int rank = logits.getShape().dimension();
    int[] classAxisLast = new int[rank];
    classAxisLast[0] = 0;
    for (int axis = 2; axis < rank; axis++) {
      classAxisLast[axis - 1] = axis;
    }
    classAxisLast[rank - 1] = 1;
    NDArray perPixel = logits.transpose(classAxisLast).reshape(-1, logits.getShape().get(1));
    return perSample.evaluate(
        new NDList(labels.singletonOrThrow().reshape(-1)), new NDList(perPixel));
  }
}
