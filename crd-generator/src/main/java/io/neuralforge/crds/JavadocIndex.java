package io.neuralforge.crds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Javadoc of the CR classes, read from their sources, keyed {@code Class} for a class and
 * {@code Class#field} for a field, so that it can become the CRD schema's descriptions.
 */
final class JavadocIndex {
  private static final Pattern DOC = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern ANNOTATION = Pattern.compile("@[\\w.]+(\\([^)]*\\))?");
  private static final Pattern TYPE =
      Pattern.compile("\\b(?:class|record|enum|interface)\\s+(\\w+)");
  private static final Pattern FIELD = Pattern.compile("(\\w+)\\s*(?:=[^;]*)?$");

  private final Map<String, String> docs = new HashMap<>();

  static JavadocIndex read(Path sourceRoot) {
    JavadocIndex index = new JavadocIndex();
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(index::readFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return index;
  }

  String ofClass(String simpleName) {
    return docs.get(simpleName);
  }

  String ofField(String simpleClassName, String field) {
    return docs.get(simpleClassName + "#" + field);
  }

  private void readFile(Path file) {
    String source;
    try {
      source = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String owner = file.getFileName().toString().replace(".java", "");
    Matcher doc = DOC.matcher(source);
    while (doc.find()) {
      String declaration = declarationAfter(source, doc.end());
      Matcher type = TYPE.matcher(declaration);
      if (type.find()) {
        docs.put(type.group(1), clean(doc.group(1)));
        continue;
      }
      Matcher field = FIELD.matcher(declaration.trim());
      if (declaration.endsWith(";") || field.find()) {
        Matcher name = FIELD.matcher(declaration.replaceAll(";$", "").trim());
        if (name.find()) {
          docs.put(owner + "#" + name.group(1), clean(doc.group(1)));
        }
      }
    }
  }

  /** The declaration a doc comment belongs to, without annotations and string literals. */
  private static String declarationAfter(String source, int from) {
    int end = from;
    while (end < source.length() && source.charAt(end) != ';' && source.charAt(end) != '{') {
      if (source.charAt(end) == '"') {
        end = source.indexOf('"', end + 1 + (source.charAt(end + 1) == '\\' ? 1 : 0));
      }
      end++;
    }
    String text = source.substring(from, Math.min(end, source.length()));
    text = STRING.matcher(text).replaceAll("\"\"");
    text = ANNOTATION.matcher(text).replaceAll(" ");
    return text.replaceAll("\\s+", " ").trim();
  }

  private static String clean(String raw) {
    String text = raw.replaceAll("(?m)^\\s*\\*\\s?", " ");
    text = text.replaceAll("\\{@(?:code|link|literal)\\s+([^}]*)}", "$1");
    return text.replaceAll("\\s+", " ").trim();
  }
}
