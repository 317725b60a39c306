package io.neuralforge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuralforge.trainer.data.Augmentations;
import io.neuralforge.trainer.export.Preprocessing;
import io.neuralforge.trainer.export.V2Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The files {@code neuralforge predict} is given, each as one request: an image is one sample and a
 * CSV file a sample per row, both prepared as the run trained (scaled, normalized); a JSON file is
 * a tensor sent as it is (already prepared).
 */
final class PredictInputs {
  /** Floats read exactly: each decimal straight to float32. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /**
   * One request.
   *
   * @param samples what each entry along the batch axis is called in the output (the file, a row)
   */
  record Request(String file, List<String> samples, List<V2Tensor> inputs) {}

  private final ModelInput input;
  private final Preprocessing preprocessing;
  private final PrintStream notes;

  /**
   * @param preprocessing how the run prepared its inputs; null: pixels / 255, CSV values as written
   */
  PredictInputs(ModelInput input, Preprocessing preprocessing, PrintStream notes) {
    this.input = input;
    this.preprocessing = preprocessing;
    this.notes = notes;
  }

  /** Whether a file is given as it is (JSON) rather than prepared (images, CSV). */
  static boolean asGiven(Path file) {
    return extension(file).equals("json");
  }

  Request read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserInputException(file + ": no such file");
    }
    return switch (extension(file)) {
      case "json" -> json(file);
      case "csv" -> csv(file);
      case "png", "jpg", "jpeg", "bmp", "gif" -> image(file);
      default ->
          throw new UserInputException(
              file + ": give an image (.png, .jpg), a .csv or a .json tensor");
    };
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
  }

  private Request image(Path file) {
    long[] dims = input.sampleShape();
    boolean chw = dims.length == 3 && (dims[0] == 1 || dims[0] == 3);
    if (input.int64() || !(chw || dims.length == 2) || input.sampleSize() < 0) {
      throw new UserInputException(
          file
              + ": the model's input "
              + input.describe()
              + " is not an image ([C, H, W] with 1 or 3 channels); give a CSV or a JSON tensor");
    }
    int channels = chw ? (int) dims[0] : 1;
    int height = (int) dims[dims.length - 2], width = (int) dims[dims.length - 1];
    float[] pixels = ImageInput.read(file, channels, height, width, notes);
    normalize(pixels, 1);
    return single(file, V2Tensor.ofFloats(input.name(), batchOf(1), pixels));
  }

  private Request csv(Path file) {
    int size = input.sampleSize();
    if (size < 0) {
      throw new UserInputException(
          file + ": the model's input " + input.describe() + " leaves a size open; give JSON");
    }
    List<String> names = new ArrayList<>();
    List<double[]> rows = rows(file, size, names);
    long[] shape = batchOf(rows.size());
    if (input.int64()) {
      long[] ids = new long[rows.size() * size];
      for (int r = 0; r < rows.size(); r++) {
        for (int i = 0; i < size; i++) {
          double v = rows.get(r)[i];
          if (v != Math.rint(v)) {
            throw new UserInputException(
                names.get(r) + ": " + v + " is not a token id (the input is INT64)");
          }
          ids[r * size + i] = (long) v;
        }
      }
      return new Request(
          file.toString(), names, List.of(V2Tensor.ofLongs(input.name(), shape, ids)));
    }
    double scale = preprocessing == null ? 1.0 : preprocessing.scale();
    float[] values = new float[rows.size() * size];
    for (int r = 0; r < rows.size(); r++) {
      for (int i = 0; i < size; i++) {
        values[r * size + i] = (float) (rows.get(r)[i] * scale);
      }
    }
    normalize(values, rows.size());
    return new Request(
        file.toString(), names, List.of(V2Tensor.ofFloats(input.name(), shape, values)));
  }

  /**
   * The file's rows of {@code size} numbers (a first line that is not all numbers is a header),
   * each named in {@code names} by its line.
   */
  private List<double[]> rows(Path file, int size, List<String> names) {
    List<String> lines = lines(file);
    List<double[]> rows = new ArrayList<>();
    boolean first = true;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) {
        continue;
      }
      double[] row = numbers(line);
      if (row == null && first) {
        first = false; // a header
        continue;
      }
      first = false;
      String where = file + " line " + (n + 1);
      if (row == null) {
        throw new UserInputException(where + ": not a row of numbers");
      }
      if (row.length != size) {
        throw new UserInputException(
            where
                + ": "
                + row.length
                + " numbers, the model's input "
                + input.describe()
                + " takes "
                + size
                + " a sample");
      }
      rows.add(row);
      names.add(file + " row " + (n + 1));
    }
    if (rows.isEmpty()) {
      throw new UserInputException(file + ": no rows of numbers");
    }
    return rows;
  }

  /** The row's cells as numbers, or null when one is not a number. */
  private static double[] numbers(String line) {
    String[] cells = line.split(",");
    double[] row = new double[cells.length];
    for (int i = 0; i < cells.length; i++) {
      try {
        row[i] = Float.parseFloat(cells[i].strip()); // float values, as the datasets read CSV
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return row;
  }

  private Request json(Path file) {
    JsonNode json;
    try {
      json = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new UserInputException(file + ": not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read: " + e.getMessage());
    }
    List<V2Tensor> tensors = new ArrayList<>();
    try {
      if (json != null && json.has("inputs")) { // a v2 request
        for (JsonNode t : json.path("inputs")) {
          ObjectNode named = ((ObjectNode) t).deepCopy();
          if (!named.hasNonNull("name")) {
            named.put("name", input.name());
          }
          if (!named.hasNonNull("datatype")) {
            named.put("datatype", input.datatype());
          }
          tensors.add(V2Tensor.fromJson(named));
        }
      } else if (json != null && json.has("data")) { // {"shape": [...], "data": [...]}
        tensors.add(tensor(json.path("data"), longs(json.path("shape"))));
      } else if (json != null && json.isArray()) { // a nested list
        tensors.add(tensor(json, nesting(json)));
      }
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new UserInputException(file + ": " + e.getMessage());
    }
    if (tensors.isEmpty()) {
      throw new UserInputException(
          file
              + ": give a tensor: a nested list, {\"shape\": [...], \"data\": [...]} or a v2"
              + " request {\"inputs\": [...]}");
    }
    long[] shape = tensors.get(0).shape();
    int count = shape.length == 0 ? 1 : (int) shape[0];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(count == 1 ? file.toString() : file + " sample " + (i + 1));
    }
    return new Request(file.toString(), names, tensors);
  }

  /**
   * The model's input from data given with {@code shape}, a batch axis added where it lacks one.
   */
  private V2Tensor tensor(JsonNode data, long[] shape) {
    long[] sample = input.sampleShape();
    int size = input.sampleSize();
    long elements = V2Tensor.elements(shape);
    if (Arrays.equals(shape, sample)) {
      shape = batchOf(1);
    } else if (shape.length == 1 && size > 0 && elements % size == 0 && sample.length != 0) {
      shape = batchOf((int) (elements / size)); // flat samples one after another
    }
    ObjectNode t = JSON.createObjectNode();
    t.put("name", input.name());
    t.put("datatype", input.datatype());
    t.set("shape", JSON.valueToTree(shape));
    t.set("data", data);
    return V2Tensor.fromJson(t);
  }

  /** The shape of a nested list; refuses a ragged one. */
  private static long[] nesting(JsonNode list) {
    List<Long> dims = new ArrayList<>();
    for (JsonNode n = list; n.isArray(); n = n.path(0)) {
      dims.add((long) n.size());
      if (n.isEmpty()) {
        break;
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    List<JsonNode> leaves = new ArrayList<>();
    V2Tensor.flatten(list, leaves);
    if (leaves.size() != V2Tensor.elements(shape)) {
      throw new IllegalArgumentException("the nested lists are ragged, not a tensor");
    }
    return shape;
  }

  private static long[] longs(JsonNode shape) {
    if (!shape.isArray()) {
      throw new IllegalArgumentException("\"shape\" must be a list of dimensions");
    }
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i).asLong();
    }
    return dims;
  }

  private long[] batchOf(int count) {
    long[] shape = input.shape().clone();
    shape[0] = count;
    return shape;
  }

  /** The run's Normalize on each of {@code count} samples, as its evaluation applied it. */
  private void normalize(float[] values, int count) {
    if (preprocessing == null || preprocessing.normalize().isEmpty()) {
      return;
    }
    Augmentations evaluation = preprocessing.evaluation();
    int size = values.length / count;
    for (int i = 0; i < count; i++) {
      evaluation.apply(values, i * size, false, null);
    }
  }

  private static Request single(Path file, V2Tensor tensor) {
    return new Request(file.toString(), List.of(file.toString()), List.of(tensor));
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read: " + e.getMessage());
    }
  }
}
