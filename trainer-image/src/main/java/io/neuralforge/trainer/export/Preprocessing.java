package io.neuralforge.trainer.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuralforge.graph.Shape;
import io.neuralforge.trainer.data.Augmentations;
import io.neuralforge.trainer.data.BuiltinDataset;
import io.neuralforge.trainer.data.DatasetException;
import io.neuralforge.trainer.data.UriDataset;
import io.neuralforge.trainer.run.RunSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to prepare one input as the run trained, kept in the exported model's {@code metadata_props}
 * under {@value #KEY} as a small JSON object, e.g.
 *
 * <pre>{@code
 * {"input": "image", "shape": [1, 28, 28], "layout": "NCHW", "channels": 1, "height": 28,
 *  "width": 28, "scale": 0.00392156862745098, "normalize": {"mean": [0.286], "std": [0.353]},
 *  "classes": ["T-shirt/top", "Trouser", ...]}
 * }</pre>
 *
 * <ul>
 *   <li>{@code input}: {@code image} (a [C, H, W] float input), {@code features} (any other float
 *       input, e.g. a CSV row) or {@code tokens} (int64 token ids, taken as they are).
 *   <li>{@code shape}: one sample, without the batch axis; images also name {@code channels},
 *       {@code height} and {@code width} (channels first: NCHW with the batch).
 *   <li>{@code scale}: what loading multiplied the dataset's stored values by (1/255 for pixel
 *       bytes, 1/16 for the digits' 0 to 16, 1 for values as measured). An image file's 8-bit
 *       pixels are always divided by 255, as every image dataset loads them.
 *   <li>{@code normalize}: the run's Normalize, applied after scaling: {@code (x - mean) / std} per
 *       channel, one value or one per channel (an array of such objects, in order, when the run
 *       normalizes more than once); absent when it does not.
 *   <li>{@code classes}: the output's class names by index, where the dataset names them.
 * </ul>
 */
public record Preprocessing(
    String input,
    List<Integer> shape,
    double scale,
    List<Normalize> normalize,
    List<String> classes) {

  /** The metadata_props key. */
  public static final String KEY = "neuralforge.preprocessing";

  public static final String IMAGE = "image";
  public static final String FEATURES = "features";
  public static final String TOKENS = "tokens";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One Normalize step: one value, or one per channel. */
  public record Normalize(List<Float> mean, List<Float> std) {}

  public Preprocessing {
    shape = List.copyOf(shape);
    normalize = List.copyOf(normalize);
    classes = List.copyOf(classes);
  }

  /**
   * The preprocessing of a run's dataset for an input of {@code sampleShape}.
   *
   * @param classNames the classes' names as the loaded dataset knows them (empty: none)
   * @throws DatasetException when the run's augmentations do not fit the input
   */
  public static Preprocessing of(
      RunSpec.Dataset dataset, List<Integer> sampleShape, boolean tokens, List<String> classNames) {
    if (tokens) {
      return new Preprocessing(TOKENS, sampleShape, 1.0, List.of(), classNames);
    }
    Augmentations.parse(dataset.augmentations(), Shape.of(sampleShape)); // refuses what misfits
    List<Normalize> steps = new ArrayList<>();
    for (Map<String, Object> step :
        dataset.augmentations() == null
            ? List.<Map<String, Object>>of()
            : dataset.augmentations()) {
      if ("Normalize".equals(step.get("type"))) {
        steps.add(new Normalize(floats(step.get("mean"), 0f), floats(step.get("std"), 1f)));
      }
    }
    String kind = isImage(sampleShape) ? IMAGE : FEATURES;
    return new Preprocessing(kind, sampleShape, scale(dataset), steps, classNames);
  }

  /**
   * As {@link #of}, with the class names the dataset's spec fixes without loading it (a builtin's,
   * CIFAR-10's): what the command line knows from a TrainingRun manifest.
   */
  public static Preprocessing ofRun(
      RunSpec.Dataset dataset, List<Integer> sampleShape, boolean tokens) {
    List<String> names = List.of();
    if (dataset.builtin() != null) {
      names = BuiltinDataset.named(dataset.builtin()).classNames();
    } else if (dataset.uri() != null) {
      names = UriDataset.classNames(dataset.format());
    }
    return of(dataset, sampleShape, tokens, names);
  }

  /** A [C, H, W] input with one or three channels. */
  static boolean isImage(List<Integer> sampleShape) {
    return sampleShape.size() == 3 && (sampleShape.get(0) == 1 || sampleShape.get(0) == 3);
  }

  private static double scale(RunSpec.Dataset dataset) {
    return dataset.builtin() != null
        ? BuiltinDataset.named(dataset.builtin()).scale()
        : UriDataset.scale(dataset.format());
  }

  /** A Normalize value as written (a number or a list of numbers), as floats; absent: fallback. */
  private static List<Float> floats(Object raw, float fallback) {
    if (raw == null) {
      return List.of(fallback);
    }
    List<?> values = raw instanceof List<?> l ? l : List.of(raw);
    return values.stream().map(v -> ((Number) v).floatValue()).toList();
  }

  /** The Normalize steps as the trainer applies them in evaluation. */
  public Augmentations evaluation() {
    List<Map<String, Object>> specs = new ArrayList<>();
    for (Normalize n : normalize) {
      specs.add(Map.of("type", "Normalize", "mean", n.mean(), "std", n.std()));
    }
    return Augmentations.parse(specs, Shape.of(shape));
  }

  /** The JSON stored under {@value #KEY}. */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("input", input);
    json.put("shape", shape);
    if (IMAGE.equals(input)) {
      json.put("layout", "NCHW");
      json.put("channels", shape.get(0));
      json.put("height", shape.get(1));
      json.put("width", shape.get(2));
    }
    json.put("scale", scale);
    if (normalize.size() == 1) {
      json.put("normalize", normalize.get(0));
    } else if (!normalize.isEmpty()) {
      json.put("normalize", normalize);
    }
    if (!classes.isEmpty()) {
      json.put("classes", classes);
    }
    try {
      return JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads {@link #toJson()}'s form.
   *
   * @throws IllegalArgumentException naming what does not fit
   */
  public static Preprocessing fromJson(String text) {
    JsonNode json;
    try {
      json = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(KEY + " is not JSON: " + e.getOriginalMessage());
    }
    String input = json.path("input").asText("");
    if (!List.of(IMAGE, FEATURES, TOKENS).contains(input)) {
      throw new IllegalArgumentException(
          KEY + ": input must be image, features or tokens, got " + json.path("input"));
    }
    List<Integer> shape = new ArrayList<>();
    json.path("shape").forEach(d -> shape.add(d.asInt()));
    if (shape.isEmpty()) {
      throw new IllegalArgumentException(KEY + ": shape must list the sample's dimensions");
    }
    JsonNode steps = json.path("normalize");
    List<Normalize> normalize = new ArrayList<>();
    for (JsonNode step :
        steps.isArray() ? steps : steps.isObject() ? List.of(steps) : List.<JsonNode>of()) {
      normalize.add(new Normalize(floats(step.path("mean")), floats(step.path("std"))));
    }
    List<String> classes = new ArrayList<>();
    json.path("classes").forEach(c -> classes.add(c.asText()));
    return new Preprocessing(input, shape, json.path("scale").asDouble(1.0), normalize, classes);
  }

  private static List<Float> floats(JsonNode values) {
    if (!values.isArray() || values.isEmpty()) {
      throw new IllegalArgumentException(KEY + ": normalize needs mean and std lists");
    }
    List<Float> floats = new ArrayList<>();
    values.forEach(v -> floats.add(v.floatValue()));
    return floats;
  }

  /** The model with this preprocessing in its metadata_props (replacing one already there). */
  public ModelProto addTo(ModelProto model) {
    ModelProto.Builder builder = model.toBuilder();
    for (int i = builder.getMetadataPropsCount() - 1; i >= 0; i--) {
      if (KEY.equals(builder.getMetadataProps(i).getKey())) {
        builder.removeMetadataProps(i);
      }
    }
    return builder
        .addMetadataProps(StringStringEntryProto.newBuilder().setKey(KEY).setValue(toJson()))
        .build();
  }
}
