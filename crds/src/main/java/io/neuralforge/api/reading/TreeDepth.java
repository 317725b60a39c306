package io.neuralforge.api.reading;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How deep a JSON value goes, as a Jackson tree or as maps and lists, found without recursion (it
 * may be thousands of levels deep).
 */
final class TreeDepth {
  private TreeDepth() {}

  private record Visit(Object value, String path, int depth) {}

  /** The field holding the first value nested more than {@code limit} levels deep, or null. */
  static String firstBeyond(Object root, int limit) {
    Deque<Visit> pending = new ArrayDeque<>();
    pending.push(new Visit(root, "", 0));
    while (!pending.isEmpty()) {
      Visit v = pending.pop();
      if (v.depth() > limit) {
        return named(v.path());
      }
      if (v.value() instanceof JsonNode node && node.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
          Map.Entry<String, JsonNode> field = fields.next();
          pending.push(new Visit(field.getValue(), key(v.path(), field.getKey()), v.depth() + 1));
        }
      } else if (v.value() instanceof JsonNode node && node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          pending.push(new Visit(node.get(i), v.path() + "[" + i + "]", v.depth() + 1));
        }
      } else if (v.value() instanceof Map<?, ?> map) {
        map.forEach(
            (k, value) ->
                pending.push(new Visit(value, key(v.path(), String.valueOf(k)), v.depth() + 1)));
      } else if (v.value() instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          pending.push(new Visit(list.get(i), v.path() + "[" + i + "]", v.depth() + 1));
        }
      }
    }
    return null;
  }

  private static String key(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The field that holds the nesting: no trailing list indices, and not a screenful of keys. */
  private static String named(String path) {
    String field = path.replaceAll("(\\[\\d+])+$", "");
    return field.length() > 100 ? field.substring(0, 97) + "..." : field;
  }
}
