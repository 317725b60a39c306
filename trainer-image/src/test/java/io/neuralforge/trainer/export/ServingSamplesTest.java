package io.neuralforge.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.testsupport.TinyDigits;
import io.neuralforge.trainer.data.BuiltinDataset;
import io.neuralforge.trainer.gpu.GpuPolicy;
import io.neuralforge.trainer.run.EpochMetrics;
import io.neuralforge.trainer.run.PreparedData;
import io.neuralforge.trainer.run.ProgressSink;
import io.neuralforge.trainer.run.RunSpec;
import io.neuralforge.trainer.run.TrainingJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export into a model repository carries how to prepare an input (metadata_props) and a worked
 * request and response beside the model ({@link TinyDigits}, trained briefly).
 */
class ServingSamplesTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  /** Reads floats exactly: each decimal straight to float32, never through a double. */
  static final ObjectMapper EXACT =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @TempDir static Path dir;
  static Path repository;
  static Map<String, Object> status;

  @BeforeAll
  static void trainAndExport() throws Exception {
    ObjectNode run = (ObjectNode) YAML.readTree(TinyDigits.RUN);
    ObjectNode arch = (ObjectNode) YAML.readTree(TinyDigits.ARCHITECTURE);
    TrainingJob.run(
        run,
        arch,
        YAML.treeToValue(run.get("spec"), RunSpec.class),
        YAML.treeToValue(arch.get("spec"), GraphSpec.class),
        dir.resolve("run"),
        BuiltinDataset.defaultRoot(),
        quiet(),
        GpuPolicy.workstation(System.err));
    repository = dir.resolve("repository");
    status =
        ModelExportJob.run(
            new ExportSpec(null, null, null, new ExportSpec.Validation(50, null), null),
            dir.resolve("run"),
            repository.resolve("digits/1/model.onnx"),
            BuiltinDataset.defaultRoot());
  }

  private static ProgressSink quiet() {
    return new ProgressSink() {
      @Override
      public void progress(ProgressSink.Progress progress) {}

      @Override
      public void epoch(EpochMetrics metrics) {}
    };
  }

  @Test
  void theModelSaysHowToPrepareAnInput() throws Exception {
    ModelProto model =
        ModelProto.parseFrom(Files.readAllBytes(repository.resolve("digits/1/model.onnx")));
    assertThat(model.getProducerName()).isEqualTo("neuralforge");
    assertThat(model.getModelVersion()).isEqualTo(1);
    String json =
        model.getMetadataPropsList().stream()
            .filter(e -> e.getKey().equals(Preprocessing.KEY))
            .map(StringStringEntryProto::getValue)
            .findFirst()
            .orElseThrow();
    assertThat(json)
        .isEqualTo(
            "{\"input\":\"image\",\"shape\":[1,8,8],\"layout\":\"NCHW\",\"channels\":1,"
                + "\"height\":8,\"width\":8,\"scale\":0.0625,"
                + "\"normalize\":{\"mean\":[0.3],\"std\":[0.4]},"
                + "\"classes\":[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]}");
    // ONNX Runtime reads it back from the file as any client would
    var env = ai.onnxruntime.OrtEnvironment.getEnvironment();
    try (var session = env.createSession(repository.resolve("digits/1/model.onnx").toString())) {
      assertThat(session.getMetadata().getCustomMetadataValue(Preprocessing.KEY)).contains(json);
    }
  }

  @Test
  void theRequestIsTheFirstValidationSamplesAsFedAndTheResponseWhatOnnxRuntimeAnswers()
      throws Exception {
    assertThat(((Map<?, ?>) status.get("validation")).get("passed")).isEqualTo(true);
    Path samples = repository.resolve("digits/samples");
    JsonNode request = EXACT.readTree(samples.resolve("request.json").toFile());
    JsonNode response = EXACT.readTree(samples.resolve("response.json").toFile());
    V2Tensor input = V2Tensor.fromJson(request.at("/inputs/0"));
    assertThat(input.name()).isEqualTo("image");
    assertThat(input.datatype()).isEqualTo("FP32");
    assertThat(input.shape()).containsExactly(32, 1, 8, 8);

    // the validation's first 32 samples, normalized as evaluation normalizes them
    RunSpec spec = YAML.treeToValue(YAML.readTree(TinyDigits.RUN).get("spec"), RunSpec.class);
    GraphSpec graph =
        YAML.treeToValue(YAML.readTree(TinyDigits.ARCHITECTURE).get("spec"), GraphSpec.class);
    PreparedData data =
        PreparedData.prepare(
            spec.dataset(),
            graph,
            io.neuralforge.graph.GraphValidator.validate(graph),
            TinyDigits.SEED,
            BuiltinDataset.defaultRoot());
    float[] expected = java.util.Arrays.copyOf(data.validation().features(), 32 * 64);
    for (int i = 0; i < 32; i++) {
      data.augmentations().apply(expected, i * 64, false, null);
    }
    assertThat(input.floats()).containsExactly(expected);

    assertThat(response.path("model_name").asText()).isEqualTo("digits");
    V2Tensor output = V2Tensor.fromJson(response.at("/outputs/0"));
    assertThat(output.name()).isEqualTo("logits");
    assertThat(output.shape()).containsExactly(32, 10);
    byte[] onnx = Files.readAllBytes(repository.resolve("digits/1/model.onnx"));
    assertThat(output.floats()).containsExactly(ServingSamples.run(onnx, input).get(0).floats());
  }

  @Test
  void floatsSurviveJsonToTheBit() throws Exception {
    Random random = new Random(1);
    float[] values = new float[10_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = Float.intBitsToFloat(random.nextInt()) % 1e6f;
      if (!Float.isFinite(values[i])) {
        values[i] = random.nextFloat();
      }
    }
    String json =
        new ObjectMapper()
            .writeValueAsString(
                V2Tensor.request(List.of(V2Tensor.ofFloats("x", new long[] {100, 100}, values))));
    assertThat(V2Tensor.fromJson(EXACT.readTree(json).at("/inputs/0")).floats())
        .containsExactly(values);
    // and through a double, as most JSON readers parse
    assertThat(V2Tensor.fromJson(new ObjectMapper().readTree(json).at("/inputs/0")).floats())
        .containsExactly(values);
  }
}
