package io.neuralforge.api.reading;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How deep a JSON value goes, as a Jackson tree or as maps and lists, found without recursion (it
 * may be thousands of levels deep). The walk holds one entry per level it is in, never one per
 * child: a list of 100,000 items under a 16 KiB key costs what a short list costs, and only the
 * path it reports is ever spelled out.
 */
final class TreeDepth {
  /** Characters of a reported field; a longer one ends in "...". */
  private static final int NAME_LENGTH = 100;

  private TreeDepth() {}

  /** One container the walk is inside: its children still to visit and the one being visited. */
  private static final class Level {
    private final Iterator<?> children;
    private final boolean keyed;
    private String key;
    private int index = -1;

    private Level(Iterator<?> children, boolean keyed) {
      this.children = children;
      this.keyed = keyed;
    }

    /** The next child's value, remembering its key or index for the path. */
    private Object next() {
      Object child = children.next();
      index++;
      if (child instanceof Map.Entry<?, ?> entry) {
        key = String.valueOf(entry.getKey());
        return entry.getValue();
      }
      return child;
    }
  }

  /** The field holding the first value nested more than {@code limit} levels deep, or null. */
  static String firstBeyond(Object root, int limit) {
    Deque<Level> levels = new ArrayDeque<>();
    Object value = root;
    while (true) {
      if (levels.size() > limit) {
        return named(levels);
      }
      Level inside = levelOf(value);
      if (inside != null) {
        levels.push(inside);
      }
      while (!levels.isEmpty() && !levels.peek().children.hasNext()) {
        levels.pop();
      }
      if (levels.isEmpty()) {
        return null;
      }
      value = levels.peek().next();
    }
  }

  /** The level to walk into for a container, null for anything else. */
  private static Level levelOf(Object value) {
    if (value instanceof JsonNode node && node.isObject()) {
      return new Level(node.properties().iterator(), true);
    }
    if (value instanceof JsonNode node && node.isArray()) {
      return new Level(node.elements(), false);
    }
    if (value instanceof Map<?, ?> map) {
      return new Level(map.entrySet().iterator(), true);
    }
    if (value instanceof List<?> list) {
      return new Level(list.iterator(), false);
    }
    return null;
  }

  /**
   * The field that holds the nesting, as {@code spec.nodes[0].params.extra}: no trailing list
   * indices, and not a screenful of keys (spelled out only up to the cap).
   */
  private static String named(Deque<Level> levels) {
    List<Level> fromRoot = new ArrayList<>(levels);
    Collections.reverse(fromRoot);
    int end = fromRoot.size();
    while (end > 0 && !fromRoot.get(end - 1).keyed) {
      end--;
    }
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < end && name.length() <= NAME_LENGTH; i++) {
      Level level = fromRoot.get(i);
      if (level.keyed) {
        name.append(name.length() > 0 ? "." : "");
        name.append(level.key, 0, Math.min(level.key.length(), NAME_LENGTH + 1));
      } else {
        name.append('[').append(level.index).append(']');
      }
    }
    return name.length() > NAME_LENGTH
        ? name.substring(0, NAME_LENGTH - 3) + "..."
        : name.toString();
  }
}
