package io.neuralforge.operator.trainingrun.budget;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neuralforge.operator.config.OperatorSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GPU type of the node a pod ran on, by the node labels the operator places GPU runs with
 * ({@code gpuNodeLabels}): what a {@code gpu: any} pod is charged as. A node is read once (a GET,
 * on the first pod seen there), not watched: nodes are many and large, their GPU rarely changes.
 */
public final class NodeGpuTypes {
  public static final String UNKNOWN = "unknown";
  private static final int REMEMBERED = 10_000;

  private final KubernetesClient client;
  private final Map<String, List<OperatorSettings.NodeLabel>> labels;
  private final Map<String, String> known = new ConcurrentHashMap<>();

  public NodeGpuTypes(KubernetesClient client, OperatorSettings settings) {
    this.client = client;
    this.labels = settings.gpuNodeLabels();
  }

  /** The GPU type of the named node; unknown when it is gone or carries no known label. */
  public String of(String node) {
    String type = known.get(node);
    if (type != null) {
      return type;
    }
    Node read;
    try {
      read = client.nodes().withName(node).get();
    } catch (KubernetesClientException e) {
      return UNKNOWN; // asked again next time
    }
    type = read == null ? UNKNOWN : of(read.getMetadata().getLabels(), labels);
    if (known.size() >= REMEMBERED) {
      known.clear();
    }
    known.put(node, type);
    return type;
  }

  /** The first GPU type any of whose labels the node carries; unknown when none. */
  public static String of(
      Map<String, String> nodeLabels, Map<String, List<OperatorSettings.NodeLabel>> labels) {
    if (nodeLabels != null) {
      for (var type : labels.entrySet()) {
        for (OperatorSettings.NodeLabel label : type.getValue()) {
          String value = nodeLabels.get(label.key());
          if (value != null && label.values().contains(value)) {
            return type.getKey();
          }
        }
      }
    }
    return UNKNOWN;
  }
}
