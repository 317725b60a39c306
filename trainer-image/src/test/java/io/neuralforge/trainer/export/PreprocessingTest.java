package io.neuralforge.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import io.neuralforge.graph.Shape;
import io.neuralforge.trainer.data.Augmentations;
import io.neuralforge.trainer.data.BuiltinDataset;
import io.neuralforge.trainer.data.DatasetException;
import io.neuralforge.trainer.run.RunSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The preprocessing a model carries in its metadata, written and read without any data. */
class PreprocessingTest {
  private static RunSpec.Dataset builtin(String name, List<Map<String, Object>> augmentations) {
    return new RunSpec.Dataset(name, null, null, null, augmentations);
  }

  @Test
  void fashionMnistWithNormalizeIsWrittenAsDocumented() {
    Preprocessing p =
        Preprocessing.of(
            builtin(
                "fashion-mnist",
                List.of(
                    Map.of("type", "RandomHorizontalFlip"),
                    Map.of("type", "Normalize", "mean", List.of(0.286), "std", List.of(0.353)))),
            List.of(1, 28, 28),
            false,
            BuiltinDataset.FASHION_MNIST.classNames());
    assertThat(p.toJson())
        .isEqualTo(
            "{\"input\":\"image\",\"shape\":[1,28,28],\"layout\":\"NCHW\",\"channels\":1,"
                + "\"height\":28,\"width\":28,\"scale\":0.00392156862745098,"
                + "\"normalize\":{\"mean\":[0.286],\"std\":[0.353]},"
                + "\"classes\":[\"T-shirt/top\",\"Trouser\",\"Pullover\",\"Dress\",\"Coat\","
                + "\"Sandal\",\"Shirt\",\"Sneaker\",\"Bag\",\"Ankle boot\"]}");
    assertThat(Preprocessing.fromJson(p.toJson())).isEqualTo(p);
  }

  @Test
  void featuresTokensAndSeveralNormalizeSteps() {
    Preprocessing digits = Preprocessing.ofRun(builtin("digits", null), List.of(64), false);
    assertThat(digits.input()).isEqualTo(Preprocessing.FEATURES);
    assertThat(digits.scale()).isEqualTo(1.0 / 16);
    assertThat(digits.classes()).hasSize(10);
    assertThat(digits.toJson()).doesNotContain("normalize", "layout");

    Preprocessing tokens =
        Preprocessing.of(
            new RunSpec.Dataset(null, "/data", "csv", null, null), List.of(12), true, List.of());
    assertThat(tokens.toJson()).isEqualTo("{\"input\":\"tokens\",\"shape\":[12],\"scale\":1.0}");

    RunSpec.Dataset cifar =
        new RunSpec.Dataset(
            null,
            "s3://b/cifar/",
            "cifar10",
            null,
            List.of(
                Map.of("type", "Normalize", "mean", 0.5, "std", 0.25),
                Map.of("type", "Normalize", "mean", List.of(0.1, 0.2, 0.3))));
    Preprocessing twice = Preprocessing.ofRun(cifar, List.of(3, 32, 32), false);
    assertThat(twice.toJson())
        .contains(
            "\"normalize\":[{\"mean\":[0.5],\"std\":[0.25]},"
                + "{\"mean\":[0.1,0.2,0.3],\"std\":[1.0]}]");
    assertThat(Preprocessing.fromJson(twice.toJson())).isEqualTo(twice);
    assertThat(twice.classes()).startsWith("airplane", "automobile");
  }

  @Test
  void theNormalizeItAppliesIsTheTrainersToTheBit() {
    List<Map<String, Object>> augmentations =
        List.of(
            Map.of(
                "type",
                "Normalize",
                "mean",
                List.of(0.4914, 0.4822, 0.4465),
                "std",
                List.of(0.247, 0.243, 0.261)));
    Preprocessing p =
        Preprocessing.fromJson(
            Preprocessing.of(
                    new RunSpec.Dataset(null, "/x", "imagefolder", null, augmentations),
                    List.of(3, 2, 2),
                    false,
                    List.of())
                .toJson());
    float[] theirs = new float[12];
    for (int i = 0; i < theirs.length; i++) {
      theirs[i] = i / 11f;
    }
    float[] ours = theirs.clone();
    Augmentations.parse(augmentations, Shape.of(3, 2, 2)).apply(theirs, 0, false, null);
    p.evaluation().apply(ours, 0, false, null);
    assertThat(ours).containsExactly(theirs);
  }

  @Test
  void scalingAStoredValueGivesWhatTheLoaderGives() {
    double pixels = BuiltinDataset.FASHION_MNIST.scale();
    double digits = BuiltinDataset.DIGITS.scale();
    for (int v = 0; v <= 255; v++) {
      assertThat((float) (v * pixels)).isEqualTo(v / 255f);
      assertThat((float) (v * digits)).isEqualTo(v / 16f);
    }
  }

  @Test
  void theMetadataEntryIsReplacedNotRepeated() {
    Preprocessing p = Preprocessing.ofRun(builtin("iris", null), List.of(4), false);
    ModelProto model =
        ModelProto.newBuilder()
            .addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(Preprocessing.KEY).setValue("{}"))
            .addMetadataProps(StringStringEntryProto.newBuilder().setKey("other").setValue("x"))
            .build();
    ModelProto with = p.addTo(p.addTo(model));
    assertThat(with.getMetadataPropsList())
        .extracting(StringStringEntryProto::getKey)
        .containsExactly("other", Preprocessing.KEY);
    assertThat(Preprocessing.fromJson(with.getMetadataProps(1).getValue())).isEqualTo(p);
  }

  @Test
  void refusals() {
    assertThatThrownBy(() -> Preprocessing.fromJson("{\"input\":\"audio\",\"shape\":[3]}"))
        .hasMessageContaining("input must be image, features or tokens");
    assertThatThrownBy(() -> Preprocessing.fromJson("not json"))
        .hasMessageContaining("is not JSON");
    assertThatThrownBy(
            () ->
                Preprocessing.of(
                    builtin("iris", List.of(Map.of("type", "RandomCrop"))),
                    List.of(4),
                    false,
                    List.of()))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("needs image samples");
  }
}
