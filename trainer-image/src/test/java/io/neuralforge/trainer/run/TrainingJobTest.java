package io.neuralforge.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.trainer.data.BuiltinDataset;
import io.neuralforge.trainer.data.DatasetException;
import io.neuralforge.trainer.gpu.GpuPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real training on the real digits data, as the example run describes it. */
class TrainingJobTest {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final Path EXAMPLES = Path.of("../examples");

  private static ObjectNode manifest(String path) throws IOException {
    return (ObjectNode) YAML.readTree(EXAMPLES.resolve(path).toFile());
  }

  /**
   * A sink that records the finished epochs and, like a killed pod, dies after {@code dieAfter}.
   */
  private static ProgressSink recording(List<Integer> epochs, int dieAfter) {
    return new ProgressSink() {
      @Override
      public void progress(Progress p) {}

      @Override
      public void epoch(EpochMetrics m) {
        epochs.add(m.epoch());
        if (m.epoch() == dieAfter) {
          throw new IllegalStateException("the pod was killed");
        }
      }
    };
  }

  private static Map<String, Object> train(
      ObjectNode run, ObjectNode arch, Path out, ProgressSink sink) throws Exception {
    RunSpec spec = YAML.treeToValue(run.get("spec"), RunSpec.class);
    GraphSpec graph = YAML.treeToValue(arch.get("spec"), GraphSpec.class);
    return TrainingJob.run(
        run,
        arch,
        spec,
        graph,
        out,
        BuiltinDataset.defaultRoot(),
        sink,
        GpuPolicy.workstation(System.err));
  }

  private static Map<String, Object> train(ObjectNode run, ObjectNode arch, Path out)
      throws Exception {
    List<Integer> epochs = new ArrayList<>();
    Map<String, Object> status = train(run, arch, out, recording(epochs, -1));
    assertThat(epochs).isNotEmpty();
    return status;
  }

  @Test
  @SuppressWarnings("unchecked")
  void digitsMlpLearnsAndTheSameSeedGivesTheSameMetrics(@TempDir Path dir) throws Exception {
    ObjectNode run = manifest("trainingruns/digits-mlp.yaml");
    ObjectNode arch = manifest("architectures/mlp-digits.yaml");
    Map<String, Object> first = train(run, arch, dir.resolve("first"));
    Map<String, Object> metrics = (Map<String, Object>) first.get("metrics");
    assertThat(first.get("phase")).isEqualTo("Succeeded");
    assertThat((double) metrics.get("validationAccuracy")).isGreaterThan(0.95);
    for (String file :
        List.of(
            "run.json",
            "architecture.json",
            "architecture.svg",
            "model-0000.params",
            "metrics.json",
            "history.csv",
            "curves.png",
            "confusion.png")) {
      assertThat(dir.resolve("first").resolve(file)).isNotEmptyFile();
    }
    List<String> history = Files.readAllLines(dir.resolve("first/history.csv"));
    assertThat(history).hasSize(31);
    assertThat(history.get(0)).endsWith(",seconds,gradientNorm");
    for (String line : history.subList(1, history.size())) {
      String norm = line.substring(line.lastIndexOf(',') + 1);
      assertThat(Double.parseDouble(norm)).as(line).isPositive().isFinite();
    }
    assertThat(image(dir.resolve("first/curves.png")))
        .isEqualTo(List.of(CurvesChart.WIDTH, CurvesChart.HEIGHT));
    assertThat(image(dir.resolve("first/confusion.png")))
        .isEqualTo(List.of(ConfusionChart.WIDTH, ConfusionChart.HEIGHT));
    assertThat((Map<String, Object>) first.get("artifacts"))
        .containsKeys("model", "metrics", "curves", "confusion");

    Map<String, Object> second =
        (Map<String, Object>) train(run, arch, dir.resolve("second")).get("metrics");
    metrics.remove("samplesPerSecond");
    second.remove("samplesPerSecond");
    assertThat(second).isEqualTo(metrics);
    assertThat(gradientNorms(dir.resolve("second/history.csv")))
        .isEqualTo(gradientNorms(dir.resolve("first/history.csv")));
    assertThat(Files.readAllBytes(dir.resolve("second/model-0000.params")))
        .isEqualTo(Files.readAllBytes(dir.resolve("first/model-0000.params")));
  }

  /** history.csv's last column: the same steps are measured in every run. */
  private static List<String> gradientNorms(Path csv) throws IOException {
    return Files.readAllLines(csv).stream().map(l -> l.substring(l.lastIndexOf(',') + 1)).toList();
  }

  /** A PNG's width and height. */
  private static List<Integer> image(Path png) throws IOException {
    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
    return List.of(image.getWidth(), image.getHeight());
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRestartedRunResumesAfterTheLastFinishedEpoch(@TempDir Path dir) throws Exception {
    ObjectNode run = manifest("trainingruns/digits-mlp.yaml");
    ((ObjectNode) run.get("spec").get("hyperparameters")).put("epochs", 4);
    ObjectNode arch = manifest("architectures/mlp-digits.yaml");
    List<Integer> seen = new ArrayList<>();
    assertThatThrownBy(() -> train(run, arch, dir, recording(seen, 2)))
        .hasMessageContaining("killed");
    Map<String, Object> status = train(run, arch, dir, recording(seen, -1));
    assertThat(seen).containsExactly(1, 2, 3, 4);
    assertThat(((Map<String, Object>) status.get("metrics")).get("epochs")).isEqualTo(4);
    assertThat(Files.readAllLines(dir.resolve("history.csv"))).hasSize(5);
    // the best epoch's counts came through the restart with the checkpoint
    assertThat(dir.resolve("confusion.png")).isNotEmptyFile();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRunAskedToStopEndsAfterTheEpochItIsInWithItsBestModelAndArtifacts(@TempDir Path dir)
      throws Exception {
    ObjectNode run = manifest("trainingruns/digits-mlp.yaml");
    ((ObjectNode) run.get("spec").get("hyperparameters")).put("epochs", 6);
    ObjectNode arch = manifest("architectures/mlp-digits.yaml");
    List<Integer> seen = new ArrayList<>();
    // the request arrives while epoch 2 trains: the write at its end finds it
    ProgressSink asked =
        new ProgressSink() {
          @Override
          public void progress(Progress p) {}

          @Override
          public void epoch(EpochMetrics m) {
            seen.add(m.epoch());
          }

          @Override
          public boolean stopRequested() {
            return seen.size() >= 2;
          }
        };
    Map<String, Object> status = train(run, arch, dir, asked);
    assertThat(seen).containsExactly(1, 2);
    assertThat(status.get("phase")).isEqualTo("Succeeded");
    assertThat(((Map<String, Object>) status.get("metrics")).get("epochs")).isEqualTo(2);
    assertThat(dir.resolve("model-0000.params")).isNotEmptyFile();
    assertThat(dir.resolve("metrics.json")).isNotEmptyFile();
    assertThat(Files.readAllLines(dir.resolve("history.csv"))).hasSize(3);
  }

  @Test
  void dataThatDoesNotFitTheArchitectureIsRejectedNamingBothShapes(@TempDir Path dir)
      throws Exception {
    ObjectNode run = manifest("trainingruns/digits-mlp.yaml");
    ObjectNode arch = manifest("architectures/lenet-bn.yaml");
    assertThatThrownBy(() -> train(run, arch, dir))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("[64]")
        .hasMessageContaining("[1, 28, 28]");
  }

  /** Rows of {@code length} token ids, class 0 drawn from 1..24 and class 1 from 25..49. */
  private static void tokenCsv(Path file, int rows, int length) throws IOException {
    java.util.Random random = new java.util.Random(5);
    StringBuilder csv = new StringBuilder();
    for (int r = 0; r < rows; r++) {
      int label = r % 2;
      for (int t = 0; t < length; t++) {
        csv.append(1 + label * 24 + random.nextInt(24)).append(',');
      }
      csv.append(label).append('\n');
    }
    Files.writeString(file, csv);
  }

  private static ObjectNode yaml(String text) throws IOException {
    return (ObjectNode) YAML.readTree(text);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aTokenClassifierTrainsOnTokenIdsFromCsvAndOtherNumbersAreRefusedNamingTheSample(
      @TempDir Path dir) throws Exception {
    ObjectNode arch =
        yaml(
            "spec:\n  inputs: [{name: tokens, shape: [12], dtype: int64}]\n  nodes:\n"
                + "  - {id: embed, type: Embedding, inputs: [tokens],"
                + " params: {numEmbeddings: 50, embeddingDim: 8}}\n"
                + "  - {id: pool, type: SequencePool, inputs: [embed], params: {mode: mean}}\n"
                + "  - {id: fc, type: Linear, inputs: [pool], params: {outFeatures: 2}}\n"
                + "  outputs: [fc]\n");
    Path data = Files.createDirectories(dir.resolve("tokens"));
    tokenCsv(data.resolve("train.csv"), 400, 12);
    String run =
        "spec:\n  architectureRef: {name: tokens}\n"
            + "  dataset: {uri: "
            + data
            + ", format: csv, validationFraction: 0.2}\n"
            + "  hyperparameters: {epochs: 5, batchSize: 16, optimizer: {type: Adam,"
            + " learningRate: 0.01}}\n";
    Map<String, Object> status = train(yaml(run), arch, dir.resolve("out"));
    assertThat((double) ((Map<String, Object>) status.get("metrics")).get("validationAccuracy"))
        .isGreaterThan(0.9);
    // the export takes int64 ids too, and ONNX Runtime computes what the model computes
    Map<String, Object> exported =
        io.neuralforge.trainer.export.ModelExportJob.run(
            new io.neuralforge.trainer.export.ExportSpec("onnx", null, null, null, null),
            dir.resolve("out"),
            dir.resolve("repository/tokens/1/model.onnx"),
            BuiltinDataset.defaultRoot());
    assertThat(((Map<String, Object>) exported.get("validation")).get("passed")).isEqualTo(true);
    // its worked request sends the ids as INT64, as the served model takes them
    var request =
        new ObjectMapper().readTree(dir.resolve("repository/tokens/samples/request.json").toFile());
    assertThat(request.at("/inputs/0/datatype").asText()).isEqualTo("INT64");
    assertThat(request.at("/inputs/0/shape").toString()).isEqualTo("[32,12]");
    assertThat(request.at("/inputs/0/data/0").isIntegralNumber()).isTrue();

    Files.writeString(data.resolve("train.csv"), "1,2,3,4,5,6,7,8,9,10,11,50,0\n");
    assertThatThrownBy(() -> train(yaml(run), arch, dir.resolve("beyond")))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("sample 0 has token id 50")
        .hasMessageContaining("embed")
        .hasMessageContaining("50 vectors");

    Files.writeString(
        data.resolve("train.csv"),
        "1,2,3,4,5,6,7,8,9,10,11,12,0\n" + "1,2,3,4,5,6,7,8,9,10,11,2.5,1\n");
    assertThatThrownBy(() -> train(yaml(run), arch, dir.resolve("fractions")))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("sample 1 has 2.5")
        .hasMessageContaining("token ids");
  }

  @Test
  void devicesFollowTheRequestAndWhatTheMachineHas() {
    assertThat(DeviceSelection.select(new RunSpec.Gpu("none", 1), 4)).containsExactly(Device.cpu());
    assertThat(DeviceSelection.select(new RunSpec.Gpu("t4", 2), 4))
        .containsExactly(Device.gpu(0), Device.gpu(1));
    assertThat(DeviceSelection.select(new RunSpec.Gpu("a10g", 4), 1))
        .containsExactly(Device.gpu(0));
    assertThat(DeviceSelection.select(new RunSpec.Gpu("t4", 1), 0)).containsExactly(Device.cpu());
  }
}
