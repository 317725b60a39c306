package io.neuralforge.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.trainer.gpu.PyTorchEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The layers the trainer computes itself compute what PyTorch's do. */
class CustomOpsTest {
  private final NDManager manager = PyTorchEngine.get().newBaseManager();

  @AfterEach
  void close() {
    manager.close();
  }

  private GraphModel single(List<Integer> input, String type, Object... params) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      p.put((String) params[i], params[i + 1]);
    }
    GraphSpec spec =
        new GraphSpec(
            null,
            List.of(new GraphSpec.Input("x", input, null)),
            List.of(new GraphSpec.Node("layer", type, List.of("x"), p)),
            List.of("layer"));
    GraphModel model = new GraphModel(spec, GraphValidator.validate(spec));
    model.initialize(
        manager, DataType.FLOAT32, BatchShapes.batched(1, io.neuralforge.graph.Shape.of(input)));
    return model;
  }

  private NDArray run(GraphModel model, NDArray x) {
    return model
        .forward(new ParameterStore(manager, false), new NDList(x), false)
        .singletonOrThrow();
  }

  @Test
  void bilinearUpsamplingMatchesPytorchWithoutAlignedCorners() {
    GraphModel model = single(List.of(1, 2, 2), "Upsample", "scaleFactor", 2, "mode", "bilinear");
    NDArray out = run(model, manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2)));
    // torch.nn.Upsample(scale_factor=2, mode="bilinear")(torch.tensor([[[[1., 2.], [3., 4.]]]]))
    assertThat(out.toFloatArray())
        .containsExactly(
            1.00f, 1.25f, 1.75f, 2.00f, 1.50f, 1.75f, 2.25f, 2.50f, 2.50f, 2.75f, 3.25f, 3.50f,
            3.00f, 3.25f, 3.75f, 4.00f);
  }

  @Test
  void adaptivePoolingUsesPytorchsOverlappingWindows() {
    GraphModel model = single(List.of(1, 1, 5), "AdaptiveAvgPool2D", "outputSize", List.of(1, 3));
    NDArray out = run(model, manager.create(new float[] {1, 2, 3, 4, 5}, new Shape(1, 1, 1, 5)));
    // windows [0, 2), [1, 4), [3, 5)
    assertThat(out.toFloatArray()).containsExactly(1.5f, 3f, 4.5f);
  }

  @Test
  void transposedConvolutionScattersEveryInputThroughTheKernel() {
    int c = 4, o = 6, groups = 2, h = 3, w = 4, k = 3, s = 2, pad = 1, outPad = 1;
    GraphModel model =
        single(
            List.of(c, h, w),
            "ConvTranspose2D",
            "outChannels",
            o,
            "kernelSize",
            k,
            "stride",
            s,
            "padding",
            pad,
            "outputPadding",
            outPad,
            "groups",
            groups);
    NDArray x = manager.randomNormal(new Shape(1, c, h, w));
    NDArray out = run(model, x);
    var params = model.block("layer").getParameters();
    float[] weight = params.get("weight").getArray().toFloatArray(); // [C, O/g, k, k]
    float[] bias = params.get("bias").getArray().toFloatArray();
    float[] in = x.toFloatArray();
    int oh = (h - 1) * s - 2 * pad + (k - 1) + outPad + 1;
    int ow = (w - 1) * s - 2 * pad + (k - 1) + outPad + 1;
    assertThat(out.getShape()).isEqualTo(new Shape(1, o, oh, ow));
    float[] expected = new float[o * oh * ow];
    for (int oc = 0; oc < o; oc++) {
      for (int i = 0; i < oh * ow; i++) {
        expected[oc * oh * ow + i] = bias[oc];
      }
    }
    int perGroupIn = c / groups, perGroupOut = o / groups;
    for (int ic = 0; ic < c; ic++) {
      int g = ic / perGroupIn;
      for (int j = 0; j < perGroupOut; j++) {
        int oc = g * perGroupOut + j;
        for (int y = 0; y < h; y++) {
          for (int xx = 0; xx < w; xx++) {
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                int oy = y * s - pad + ky;
                int ox = xx * s - pad + kx;
                if (oy >= 0 && oy < oh && ox >= 0 && ox < ow) {
                  expected[(oc * oh + oy) * ow + ox] +=
                      in[(ic * h + y) * w + xx]
                          * weight[((ic * perGroupOut + j) * k + ky) * k + kx];
                }
              }
            }
          }
        }
      }
    }
    float[] actual = out.toFloatArray();
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("element " + i).isCloseTo(expected[i], within(1e-4f));
    }
  }
}
