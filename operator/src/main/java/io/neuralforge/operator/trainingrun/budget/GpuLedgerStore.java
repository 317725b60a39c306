package io.neuralforge.operator.trainingrun.budget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neuralforge.api.v1alpha1.Labels;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Where each namespace's {@link GpuLedger} lives: a ConfigMap in the operator's own namespace,
 * which tenants cannot write (and whose Role the operator holds there only). Every write names the
 * resourceVersion it changed, so two reconciles writing at once cannot both win: the loser reads
 * the ledger again and applies its change to what the winner wrote.
 */
public final class GpuLedgerStore {
  public static final String KEY = "ledger.json";
  static final int ATTEMPTS = 8;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final KubernetesClient client;
  private final String home;
  private final Function<String, ConfigMap> cached;
  private final BiConsumer<ConfigMap, ConfigMap> written;

  /**
   * @param home the operator's namespace
   * @param cached the ledger ConfigMap of that name as the informer has it, or null
   * @param written told of each ConfigMap written and the one it replaced (null: it created it), so
   *     that the informer's copy is not stale
   */
  public GpuLedgerStore(
      KubernetesClient client,
      String home,
      Function<String, ConfigMap> cached,
      BiConsumer<ConfigMap, ConfigMap> written) {
    this.client = client;
    this.home = home;
    this.cached = cached;
    this.written = written;
  }

  /** The ledger's ConfigMap name for a namespace (at most 63 characters, so within 253). */
  public static String name(String namespace) {
    return "neuralforge-gpu-ledger-" + namespace;
  }

  /** A ledger before and after a change; the same when nothing changed. */
  public record Change(GpuLedger before, GpuLedger after) {}

  /**
   * Applies {@code change} to the namespace's ledger and writes the result, unless it is the same;
   * on a conflict, again on the ledger as it is now.
   */
  public Change update(String namespace, UnaryOperator<GpuLedger> change) {
    ConfigMap map = cached.apply(name(namespace));
    for (int attempt = 1; ; attempt++) {
      GpuLedger before = read(map, namespace);
      GpuLedger after = change.apply(before);
      if (after.equals(before)) {
        return new Change(before, before);
      }
      try {
        ConfigMap next = write(map, namespace, after);
        written.accept(next, map);
        return new Change(before, after);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == ATTEMPTS) {
          throw e;
        }
        map = client.configMaps().inNamespace(home).withName(name(namespace)).get();
      }
    }
  }

  /** A create when there is none yet, else an update of the version read (409 if it moved). */
  private ConfigMap write(ConfigMap map, String namespace, GpuLedger ledger) {
    String json = json(ledger);
    if (map == null) {
      return client
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName(name(namespace))
                  .withNamespace(home)
                  .addToLabels(Labels.GPU_LEDGER, namespace)
                  .endMetadata()
                  .withData(Map.of(KEY, json))
                  .build())
          .create();
    }
    return client
        .resource(new ConfigMapBuilder(map).withData(Map.of(KEY, json)).build())
        .update(); // carries map's resourceVersion: optimistic concurrency
  }

  /** The ledger as its ConfigMap holds it. */
  static String json(GpuLedger ledger) {
    try {
      return JSON.writeValueAsString(ledger);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the GPU ledger of " + ledger.namespace(), e);
    }
  }

  /** The ledger a ConfigMap holds; an empty one when there is none yet. */
  public static GpuLedger read(ConfigMap map, String namespace) {
    String json = map == null || map.getData() == null ? null : map.getData().get(KEY);
    if (json == null) {
      return GpuLedger.empty(namespace);
    }
    try {
      GpuLedger ledger = JSON.readValue(json, GpuLedger.class);
      if (!namespace.equals(ledger.namespace())) {
        throw new IllegalStateException("it is the ledger of " + ledger.namespace());
      }
      return ledger;
    } catch (JsonProcessingException | RuntimeException e) {
      // only the operator and cluster admins write here: no hours are guessed, GPU runs wait
      throw new IllegalStateException(
          "ConfigMap "
              + map.getMetadata().getNamespace()
              + "/"
              + map.getMetadata().getName()
              + " data."
              + KEY
              + ": not the GPU ledger of namespace "
              + namespace
              + " ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); fix or delete it",
          e);
    }
  }

  /** Whether a write released a reservation: GPU hours some waiting run may now take. */
  public static boolean releasedAny(ConfigMap before, ConfigMap after) {
    String namespace = after.getMetadata().getLabels().get(Labels.GPU_LEDGER);
    try {
      return !read(after, namespace)
          .reservations()
          .keySet()
          .containsAll(read(before, namespace).reservations().keySet());
    } catch (RuntimeException unreadable) {
      return true;
    }
  }
}
