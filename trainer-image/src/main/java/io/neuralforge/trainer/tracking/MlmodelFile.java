package io.neuralforge.trainer.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code MLmodel} file that makes a folder holding {@code model.onnx} an MLflow model of the
 * onnx flavor, loadable with {@code mlflow.onnx.load_model} and {@code mlflow.pyfunc.load_model}
 * (through the python_function flavor's loader, mlflow.onnx), with the model's tensor signature.
 * Pure.
 */
public final class MlmodelFile {
  /** The model file's name in the logged folder. */
  public static final String MODEL_FILE = "model.onnx";

  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
  private static final ObjectMapper JSON = new ObjectMapper();

  private MlmodelFile() {}

  /** One input or output as v2 names it: FP32, FP16 or INT64, -1 for the batch. */
  public record Tensor(String name, String datatype, List<Long> shape) {
    /**
     * The tensors of status.serving.inputs or outputs, as the exporter wrote them; none if absent.
     */
    @SuppressWarnings("unchecked")
    public static List<Tensor> listed(Object serving) {
      List<Tensor> tensors = new ArrayList<>();
      if (serving instanceof List<?> list) {
        for (Object o : list) {
          Map<String, Object> t = (Map<String, Object>) o;
          List<Long> shape = new ArrayList<>();
          for (Object d : (List<Object>) t.get("shape")) {
            shape.add(((Number) d).longValue());
          }
          tensors.add(new Tensor((String) t.get("name"), (String) t.get("datatype"), shape));
        }
      }
      return tensors;
    }
  }

  /**
   * @param artifactPath the folder in the run's artifacts
   */
  public static String text(
      String artifactPath,
      String runId,
      List<Tensor> inputs,
      List<Tensor> outputs,
      Instant created,
      UUID modelUuid) {
    Map<String, Object> onnx = new LinkedHashMap<>();
    onnx.put("code", null);
    onnx.put("data", MODEL_FILE);
    onnx.put("providers", List.of("CPUExecutionProvider"));
    Map<String, Object> pyfunc = new LinkedHashMap<>();
    pyfunc.put("loader_module", "mlflow.onnx");
    pyfunc.put("data", MODEL_FILE);
    Map<String, Object> flavors = new LinkedHashMap<>();
    flavors.put("onnx", onnx);
    flavors.put("python_function", pyfunc);
    Map<String, Object> signature = new LinkedHashMap<>();
    signature.put("inputs", tensorSpecs(inputs));
    signature.put("outputs", tensorSpecs(outputs));
    signature.put("params", null);
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("artifact_path", artifactPath);
    file.put("flavors", flavors);
    file.put("model_uuid", modelUuid.toString().replace("-", ""));
    file.put("run_id", runId);
    file.put("signature", signature);
    file.put("utc_time_created", created.toString().replace('T', ' ').replace("Z", ""));
    try {
      return YAML.writeValueAsString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** MLflow's signature keeps each side as a JSON string of tensor specs. */
  private static String tensorSpecs(List<Tensor> tensors) {
    List<Map<String, Object>> specs = new ArrayList<>();
    for (Tensor t : tensors) {
      Map<String, Object> tensorSpec = new LinkedHashMap<>();
      tensorSpec.put("dtype", numpyType(t.datatype()));
      tensorSpec.put("shape", t.shape());
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("type", "tensor");
      spec.put("tensor-spec", tensorSpec);
      spec.put("name", t.name());
      specs.add(spec);
    }
    try {
      return JSON.writeValueAsString(specs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** v2's datatype as numpy names it (MLflow's signatures are numpy dtypes). */
  static String numpyType(String datatype) {
    return switch (datatype) {
      case "FP32" -> "float32";
      case "FP16" -> "float16";
      case "FP64" -> "float64";
      case "INT64" -> "int64";
      case "INT32" -> "int32";
      case "BOOL" -> "bool";
      default -> datatype.toLowerCase(Locale.ROOT);
    };
  }
}
