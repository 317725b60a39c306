package io.neuralforge.trainer.export;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.RunOutputFiles;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.trainer.data.LabeledData;
import io.neuralforge.trainer.gpu.PyTorchEngine;
import io.neuralforge.trainer.model.BatchShapes;
import io.neuralforge.trainer.model.GraphModel;
import io.neuralforge.trainer.run.PreparedData;
import io.neuralforge.trainer.run.RunManifests;
import io.neuralforge.trainer.run.RunSpec;
import io.neuralforge.trainer.run.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exports a trained run's folder (run.json, architecture.json, model-0000.params, as {@code
 * neuralforge train} leaves it) to ONNX, then validates the file: samples of the run's own
 * validation split go through the trained model and through ONNX Runtime, and the outputs must
 * agree within the tolerance. Returns the status the operator would write.
 */
public final class ModelExportJob {
  private ModelExportJob() {}

  /** What the validation found. */
  public record Validation(
      int samples, double maxAbsDiff, double predictionAgreement, double tolerance) {
    public boolean passed() {
      return maxAbsDiff <= tolerance;
    }
  }

  public static Map<String, Object> run(
      ExportSpec spec, Path modelDir, Path output, Path datasetsRoot)
      throws IOException, OrtException {
    String problem = spec.problem();
    if (problem != null) {
      throw new TrainingException(problem);
    }
    RunManifests manifests = RunManifests.read(modelDir);
    RunSpec runSpec = manifests.runSpec();
    GraphSpec graph = manifests.graph();
    ValidationResult validated = GraphValidator.validate(graph);
    if (!validated.valid()) {
      throw new TrainingException(
          "the architecture in "
              + modelDir
              + " is invalid: "
              + validated.errors().get(0).describe());
    }
    PreparedData data =
        PreparedData.prepare(
            runSpec.dataset(),
            graph,
            validated,
            runSpec.hyperparameters().seedOrDefault(),
            datasetsRoot);
    LabeledData samples = firstSamples(data, spec.samples());
    PyTorchEngine.get();
    try (Model model = Model.newInstance(RunOutputFiles.MODEL_NAME)) {
      GraphModel network = new GraphModel(graph, validated);
      model.setBlock(network);
      network.initialize(
          model.getNDManager(), DataType.FLOAT32, BatchShapes.batched(1, samples.sampleShape()));
      if (!Files.isRegularFile(modelDir.resolve(RunOutputFiles.MODEL))) {
        throw new NoSuchFileException(modelDir.resolve(RunOutputFiles.MODEL).toString());
      }
      model.load(modelDir, RunOutputFiles.MODEL_NAME);
      ModelProto onnx =
          preprocessing(runSpec, graph, data)
              .addTo(OnnxExporter.export(graph, validated, network, spec.fp16()));
      byte[] bytes = onnx.toByteArray();
      Files.createDirectories(output.toAbsolutePath().getParent());
      Files.write(output, bytes);
      Map<String, Object> serving = ServingLayout.write(onnx, output, spec.runtime());
      float[] features = normalized(samples, data);
      GraphSpec.Input input = graph.inputs().get(0);
      V2Tensor fed =
          V2Tensor.fromFloats(
              input.name(),
              "int64".equals(input.dtype()),
              BatchShapes.batched(samples.count(), samples.sampleShape()).getShape(),
              features);
      Validation check =
          validate(model.getNDManager(), network, bytes, features, fed, spec.tolerance());
      if (serving != null) { // a model repository: its worked example beside the model
        ServingSamples.write(output.toAbsolutePath().getParent().getParent(), bytes, fed);
      }
      Map<String, Object> status = status(output, bytes, check);
      if (serving != null) {
        status.put("serving", serving);
      }
      return status;
    } catch (ai.djl.MalformedModelException e) {
      throw new IOException(
          "cannot load " + modelDir.resolve(RunOutputFiles.MODEL) + ": " + e.getMessage(), e);
    }
  }

  private static LabeledData firstSamples(PreparedData data, int wanted) {
    LabeledData from = data.validation().count() > 0 ? data.validation() : data.train();
    int n = Math.min(wanted, from.count());
    int[] first = new int[n];
    for (int i = 0; i < n; i++) {
      first[i] = i;
    }
    return from.select(first);
  }

  /** How to prepare an input as this run trained: the exported model's metadata. */
  private static Preprocessing preprocessing(RunSpec run, GraphSpec graph, PreparedData data) {
    GraphSpec.Input input = graph.inputs().get(0);
    return Preprocessing.of(
        run.dataset(), input.shape(), "int64".equals(input.dtype()), data.classNames());
  }

  /** The samples' features, Normalize applied as in evaluation. */
  private static float[] normalized(LabeledData samples, PreparedData data) {
    int size = (int) samples.sampleShape().elements();
    float[] features = samples.features().clone();
    for (int i = 0; i < samples.count(); i++) {
      data.augmentations().apply(features, i * size, false, null);
    }
    return features;
  }

  /**
   * @param features the samples as the trained model takes them
   * @param fed the same as the exported input takes them (token ids as INT64)
   */
  private static Validation validate(
      NDManager manager,
      GraphModel network,
      byte[] onnx,
      float[] features,
      V2Tensor fed,
      double tolerance)
      throws OrtException {
    NDArray expected =
        network
            .forward(
                new ParameterStore(manager, false),
                new NDList(manager.create(features, new ai.djl.ndarray.types.Shape(fed.shape()))),
                false)
            .singletonOrThrow();
    float[] actual = ServingSamples.run(onnx, fed).get(0).floats();
    float[] reference = expected.toFloatArray();
    double maxDiff = 0;
    for (int i = 0; i < reference.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(reference[i] - actual[i]));
    }
    NDArray onnxOut = manager.create(actual, expected.getShape());
    NDArray same = expected.argMax(1).eq(onnxOut.argMax(1));
    double agreement = same.toType(DataType.FLOAT32, false).mean().getFloat();
    return new Validation((int) fed.shape()[0], maxDiff, agreement, tolerance);
  }

  private static Map<String, Object> status(Path output, byte[] bytes, Validation v) {
    Map<String, Object> artifact = new LinkedHashMap<>();
    artifact.put("uri", output.toAbsolutePath().toString());
    artifact.put("sizeBytes", bytes.length);
    artifact.put("sha256", "sha256:" + sha256(bytes));
    Map<String, Object> validation = new LinkedHashMap<>();
    validation.put("samples", v.samples());
    validation.put("maxAbsDiff", v.maxAbsDiff());
    validation.put("predictionAgreement", v.predictionAgreement());
    validation.put("tolerance", v.tolerance());
    validation.put("passed", v.passed());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("phase", v.passed() ? Phases.SUCCEEDED : Phases.FAILED);
    if (!v.passed()) {
      status.put(
          "message",
          "the ONNX model differs from the trained model by up to "
              + v.maxAbsDiff()
              + ", above the tolerance "
              + v.tolerance());
    }
    status.put("artifact", artifact);
    status.put("validation", validation);
    return status;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
