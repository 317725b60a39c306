package io.neuralforge.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;
import java.util.function.Supplier;

/**
 * How reconcilers write status: one server-side apply of an object carrying identity and status
 * alone, and only when what the operator owns changed (fields another field manager owns, such as
 * the trainer's progress, are left out of the comparison).
 */
public final class StatusPatches {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusPatches() {}

  /** The object to apply: the resource's name and namespace, and {@code status}. */
  public static <S, R extends CustomResource<?, S>> R statusOnly(
      R resource, S status, Supplier<R> empty) {
    R patch = empty.get();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(resource.getMetadata().getName())
            .withNamespace(resource.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return patch;
  }

  /** A deep copy of a status, to change without touching the cached resource's. */
  public static <T> T copy(T status, Class<T> type) {
    return JSON.convertValue(status, type);
  }

  /**
   * Whether two statuses agree on everything but the fields at {@code othersFields}, dotted paths
   * such as "reproducibility.datasetDigest"; a missing previous status never agrees.
   */
  public static boolean same(Object previous, Object next, String... othersFields) {
    return same(previous, next, List.of(othersFields));
  }

  /** As {@link #same(Object, Object, String...)}, the other managers' fields as a list. */
  public static boolean same(Object previous, Object next, List<String> othersFields) {
    if (previous == null) {
      return false;
    }
    JsonNode old = JSON.valueToTree(previous);
    JsonNode now = JSON.valueToTree(next);
    for (String path : othersFields) {
      remove(old, path);
      remove(now, path);
    }
    return old.equals(now);
  }

  private static void remove(JsonNode tree, String path) {
    int dot = path.indexOf('.');
    if (!(tree instanceof ObjectNode object)) {
      return;
    }
    if (dot < 0) {
      object.remove(path);
    } else {
      remove(object.get(path.substring(0, dot)), path.substring(dot + 1));
    }
  }
}
