package io.neuralforge.api.reading;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a document does not fit the resource classes, in one line a person can act on: the field's
 * path, what it must be and what it is, as {@code spec.nodes[3].params: expected an object, got a
 * list} or {@code spec.inputs[0].shape[0]: 3000000000 is out of range [-2147483648, 2147483647]}.
 * No Jackson type names or tokens.
 */
public final class ReadProblem {
  private static final Pattern OUT_OF_RANGE =
      Pattern.compile(
          "\\(([-0-9.eE+]+)\\) out of range of (?:\\w+\\.)*(\\w+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern NOT_IN_ENUM =
      Pattern.compile(
          "from String \"(.*)\": not one of the values accepted for Enum class: \\[(.*)]");
  private static final Pattern TOKEN = Pattern.compile("JsonToken\\.([A-Z_]+)");
  private static final Pattern COERCED =
      Pattern.compile("(?:Floating-point|Integer) value \\((?!token)([^)]*)\\)");

  private ReadProblem() {}

  /** The one line for {@code e}, its path first when there is one. */
  public static String describe(JacksonException e) {
    String path = e instanceof JsonMappingException m ? path(m) : "";
    String what = what(e);
    return path.isEmpty() ? what : path + ": " + what;
  }

  /** The field's path from the object's root: {@code spec.nodes[3].params}. */
  static String path(JsonMappingException e) {
    StringBuilder where = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        where.append(where.length() > 0 ? "." : "").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        where.append('[').append(ref.getIndex()).append(']');
      }
    }
    return where.toString();
  }

  private static String what(JacksonException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    Matcher range = OUT_OF_RANGE.matcher(message);
    if (range.find()) {
      return range.group(1) + " is out of range " + range(range.group(2));
    }
    if (e instanceof InputCoercionException c && c.getTargetType() != null) {
      return "out of range " + range(c.getTargetType().getSimpleName());
    }
    Matcher notAllowed = NOT_IN_ENUM.matcher(message);
    if (notAllowed.find()) {
      return "\"" + notAllowed.group(1) + "\" is not one of " + notAllowed.group(2);
    }
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field \"" + u.getPropertyName() + "\"";
    }
    if (e instanceof InvalidFormatException f
        && f.getValue() instanceof String text
        && text.matches("-?[0-9]+")
        && f.getTargetType() != null) {
      // an integer too large for its field, which fabric8 hands over as text
      return text + " is out of range " + range(f.getTargetType().getSimpleName());
    }
    if (e instanceof InvalidFormatException f) {
      return "expected " + expected(f.getTargetType()) + ", got " + shown(f.getValue());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return "expected " + expected(m.getTargetType()) + ", got " + got(e);
    }
    if (e instanceof DatabindException && e.getCause() instanceof JacksonException cause) {
      return what(cause);
    }
    // Syntax: the parser's own words, without its quoting of the source (indented lines).
    String words =
        String.join(": ", message.lines().filter(l -> !l.isBlank() && !l.startsWith(" ")).toList())
            .replaceAll(", from `[^`]*`", "") // the Jackson setting behind a limit
            .replace("`", "");
    return words.isEmpty()
        ? "not readable"
        : words.length() > 200 ? words.substring(0, 197) + "..." : words;
  }

  private static String range(String javaType) {
    return switch (javaType.toLowerCase(java.util.Locale.ROOT)) {
      case "int", "integer" -> "[-2147483648, 2147483647]";
      case "long" -> "[-9223372036854775808, 9223372036854775807]";
      case "short" -> "[-32768, 32767]";
      case "byte" -> "[-128, 127]";
      default -> "of a " + javaType;
    };
  }

  /** What a Java type is called in a manifest. */
  static String expected(Class<?> type) {
    if (type == null) {
      return "another value";
    }
    if (type.isEnum()) {
      StringBuilder names = new StringBuilder();
      for (Object constant : type.getEnumConstants()) {
        names.append(names.length() > 0 ? ", " : "").append(constant);
      }
      return "one of " + names;
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type == double.class
        || type == Double.class
        || type == float.class
        || type == Float.class
        || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
      return "an object";
    }
    return "a " + type.getSimpleName();
  }

  /**
   * What the document holds where the mismatch was found: the parser's token while it is still
   * there, else what Jackson's message says (its token, or the value it could not coerce).
   */
  private static String got(JacksonException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    Matcher coerced = COERCED.matcher(message);
    if (coerced.find()) {
      return coerced.group(1);
    }
    Matcher token = TOKEN.matcher(message);
    JsonToken current =
        token.find()
            ? JsonToken.valueOf(token.group(1))
            : e.getProcessor() instanceof JsonParser parser ? parser.currentToken() : null;
    if (current == null) {
      return "another value";
    }
    return switch (current) {
      case START_ARRAY, END_ARRAY -> "a list";
      case START_OBJECT, END_OBJECT, FIELD_NAME -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "true or false";
      case VALUE_NULL -> "null";
      default -> "another value";
    };
  }

  private static String shown(Object value) {
    if (value instanceof String s) {
      String text = s.length() > 40 ? s.substring(0, 37) + "..." : s;
      return "\"" + text + "\"";
    }
    return String.valueOf(value);
  }
}
