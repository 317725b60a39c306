package io.neuralforge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuralforge.api.reading.ReadProblem;
import io.neuralforge.trainer.data.DatasetException;
import io.neuralforge.trainer.export.Preprocessing;
import io.neuralforge.trainer.export.V2Tensor;
import io.neuralforge.trainer.run.RunSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code neuralforge predict}: asks a model, served (v2 protocol) or an ONNX file, about images,
 * CSV rows or JSON tensors, prepared as its run trained.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Asks a model about images (PNG, JPEG), CSV rows or JSON tensors: a model",
      "served over the v2 inference protocol (--url, --model) or an ONNX file run",
      "here (--onnx). Images and CSV rows are prepared as the run trained (the ONNX",
      "file's neuralforge.preprocessing, else -f RUN.yaml); JSON tensors are sent",
      "as they are. Prints each sample's top classes (-o json: the outputs).",
      "Exit code 0: answered; 1: the model refused the input or does not exist;",
      "2: unreadable input or bad usage; 3: the server could not be reached or failed."
    })
final class PredictCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--url", description = "the inference server, e.g. http://localhost:8080")
  String url;

  @Option(names = "--model", description = "the served model's name (with --url)")
  String model;

  @Option(names = "--onnx", description = "an ONNX file to run here instead of a server")
  Path onnx;

  @Option(
      names = {"-f", "--filename"},
      description =
          "the TrainingRun manifest: its Normalize and class names, where the model does not"
              + " carry them")
  String runFile;

  @Option(names = "--top", description = "classes to print per sample (default: ${DEFAULT-VALUE})")
  int top = 3;

  @Option(
      names = {"-o", "--output"},
      description = "text (default) or json: per input, the model's outputs as a v2 response")
  ReportFormat format = ReportFormat.text;

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "image, .csv or .json files")
  List<Path> inputs;

  @Override
  public Integer call() throws Exception {
    if ((url == null) == (onnx == null)) {
      throw new UserInputException("give either --url URL --model NAME or --onnx FILE");
    }
    if (url != null && (model == null || model.isBlank())) {
      throw new UserInputException("--url needs --model NAME, the served model's name");
    }
    if (top < 1) {
      throw new UserInputException("--top must be at least 1, got " + top);
    }
    try (Predictor predictor = predictor()) {
      Predictor.Model model = predictor.model();
      Preprocessing preprocessing = preprocessing(model);
      PredictInputs reader = new PredictInputs(model.input(), preprocessing, System.err);
      List<PredictInputs.Request> requests = new ArrayList<>();
      for (Path file : inputs) {
        requests.add(reader.read(file)); // every file read before the model is asked
      }
      List<String> classes = preprocessing == null ? List.of() : preprocessing.classes();
      for (PredictInputs.Request request : requests) {
        List<V2Tensor> outputs = predictor.infer(request.inputs());
        print(model.name(), request, outputs, classes);
      }
      return Main.OK;
    } catch (PredictionFailure e) {
      ErrorLine.print("neuralforge: " + e.getMessage());
      return e.exitCode;
    }
  }

  private Predictor predictor() {
    return onnx != null
        ? new OnnxPredictor(onnx)
        : new InferenceClient(
            url, model, InferenceClient.CONNECT_TIMEOUT, InferenceClient.REQUEST_TIMEOUT);
  }

  /**
   * The model's own preprocessing, else the run's (-f), else none: said once on stderr when an
   * image or CSV input needs it.
   */
  private Preprocessing preprocessing(Predictor.Model model) {
    ModelInput input = model.input();
    Preprocessing found = model.preprocessing();
    if (found == null && runFile != null) {
      found = fromRun(input);
    }
    if (found != null && !found.shape().equals(input.sampleDims())) {
      throw new UserInputException(
          "the preprocessing is for samples of "
              + found.shape()
              + " but the model's input is "
              + input.describe());
    }
    if (found == null && !inputs.stream().allMatch(PredictInputs::asGiven)) {
      System.err.println(
          "neuralforge: no preprocessing known (the model carries none; -f RUN.yaml gives the"
              + " run's): images are read as pixels / 255, CSV rows as written, nothing"
              + " normalized");
    }
    return found;
  }

  private Preprocessing fromRun(ModelInput input) {
    ObjectNode run = Manifests.single(runFile, Manifests.read(runFile), "TrainingRun", null);
    String name = run.path("metadata").path("name").asText("?");
    try {
      RunSpec spec = Manifests.JSON.treeToValue(run.path("spec"), RunSpec.class);
      if (spec.dataset() == null) {
        throw new UserInputException(runFile + ": TrainingRun " + name + " has no spec.dataset");
      }
      return Preprocessing.ofRun(spec.dataset(), input.sampleDims(), input.int64());
    } catch (JsonProcessingException e) {
      throw new UserInputException(runFile + ": TrainingRun spec: " + ReadProblem.describe(e));
    } catch (DatasetException e) {
      throw new UserInputException(runFile + ": TrainingRun " + name + ": " + e.getMessage());
    }
  }

  private void print(
      String modelName, PredictInputs.Request request, List<V2Tensor> outputs, List<String> classes)
      throws JsonProcessingException {
    if (format == ReportFormat.json) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("input", request.file());
      line.putAll(V2Tensor.response(modelName, outputs));
      System.out.println(JSON.writeValueAsString(line));
      return;
    }
    PredictionText.lines(request.samples(), outputs, top, classes).forEach(System.out::println);
  }
}
