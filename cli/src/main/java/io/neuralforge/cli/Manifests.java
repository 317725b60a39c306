package io.neuralforge.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.neuralforge.api.reading.ReadProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the manifests one would kubectl apply: YAML or JSON, one or many documents. */
public final class Manifests {
  static final ObjectMapper YAML_READER =
      YAMLMapper.builder().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT).build();
  static final ObjectMapper YAML_WRITER =
      YAMLMapper.builder(YAMLFactory.builder().build())
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          // "1" stays a string when read back (KServe's modelFormat.version, quantities)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private Manifests() {}

  /**
   * Every object in the file ({@code -} for stdin), with {@code kind: List} items flattened.
   * Unreadable input becomes a {@link UserInputException} naming the file and line.
   */
  public static List<ObjectNode> read(String file) {
    List<ObjectNode> objects = new ArrayList<>();
    try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file));
        MappingIterator<JsonNode> docs = YAML_READER.readerFor(JsonNode.class).readValues(in)) {
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        if (doc == null || doc.isNull() || doc.isMissingNode()) {
          continue;
        }
        if (!doc.isObject()) {
          throw new UserInputException(file + ": a document is not a Kubernetes object");
        }
        if ("List".equals(doc.path("kind").asText()) && doc.path("items").isArray()) {
          doc.path("items").forEach(item -> objects.add(asObject(file, item)));
        } else {
          objects.add((ObjectNode) doc);
        }
      }
    } catch (NoSuchFileException e) {
      throw new UserInputException(file + ": no such file");
    } catch (JsonProcessingException e) {
      throw new UserInputException(file + ": " + describe(e));
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read: " + e.getMessage());
    }
    if (objects.isEmpty()) {
      throw new UserInputException(file + ": no Kubernetes objects found");
    }
    return objects;
  }

  /** Converts one object to a typed resource, naming the field that does not fit. */
  public static <T> T convert(String file, ObjectNode object, Class<T> type) {
    try {
      return JSON.treeToValue(object, type);
    } catch (JsonProcessingException e) {
      String name = object.path("metadata").path("name").asText("?");
      throw new UserInputException(
          file + ": " + type.getSimpleName() + " " + name + ": " + describe(e));
    }
  }

  public static String toYaml(JsonNode node) throws IOException {
    return YAML_WRITER.writeValueAsString(node);
  }

  public static String toJson(JsonNode node) throws IOException {
    return JSON.writeValueAsString(node);
  }

  /** Several objects as kubectl prints them: one object alone, else a List. */
  public static JsonNode asListOrSingle(List<? extends JsonNode> objects) {
    if (objects.size() == 1) {
      return objects.get(0);
    }
    ObjectNode list = JSON.createObjectNode();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    list.putArray("items").addAll(objects);
    list.putObject("metadata");
    return list;
  }

  private static ObjectNode asObject(String file, JsonNode item) {
    if (!item.isObject()) {
      throw new UserInputException(file + ": a List item is not a Kubernetes object");
    }
    return (ObjectNode) item;
  }

  /** One line: the line (when known), then the field at fault and what it must be. */
  private static String describe(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    String line =
        location != null && location.getLineNr() > 0 ? "line " + location.getLineNr() + ": " : "";
    return line + ReadProblem.describe(e);
  }

  /**
   * The one object of {@code kind} in {@code objects}, read from {@code file} (the one named {@code
   * name}, when given); otherwise a {@link UserInputException} saying how many there were.
   */
  static ObjectNode single(String file, List<ObjectNode> objects, String kind, String name) {
    List<ObjectNode> matching =
        objects.stream()
            .filter(o -> kind.equals(o.path("kind").asText()))
            .filter(o -> name == null || name.equals(o.path("metadata").path("name").asText()))
            .toList();
    if (matching.size() != 1) {
      throw new UserInputException(
          file
              + ": expected one "
              + kind
              + (name == null ? "" : " named " + name)
              + ", found "
              + matching.size());
    }
    return matching.get(0);
  }
}
