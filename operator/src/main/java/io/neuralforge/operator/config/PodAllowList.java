package io.neuralforge.operator.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What a TrainingRun's or ModelExport's {@code spec.pod} may set on the pod the operator runs for
 * it (docs/operations.md, "What spec.pod may set"). Tenants can act as any ServiceAccount of their
 * namespace, so these lists, not their specs, decide which nodes and priorities their pods reach. A
 * name entry matches exactly, or as a prefix when it ends in {@code *} ({@code *} alone: any).
 *
 * @param annotationPrefixes each pod annotation key must start with one of these
 * @param tolerationKeys the taint keys a pod may tolerate
 * @param nodeSelectorKeys the node labels a pod may select on
 * @param priorityClasses the PriorityClasses a pod may name ({@code system-} ones never)
 * @param runtimeClasses the RuntimeClasses a pod may name
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodAllowList(
    List<String> annotationPrefixes,
    List<String> tolerationKeys,
    List<String> nodeSelectorKeys,
    List<String> priorityClasses,
    List<String> runtimeClasses) {

  /** Only the test cluster's kwok nodes read these pod annotations; nothing else does. */
  public static final List<String> DEFAULT_ANNOTATION_PREFIXES = List.of("neuralforge.io/kwok-");

  /** Spot capacity and the test cluster's fake nodes: taints that keep work off, not reserve. */
  public static final List<String> DEFAULT_TOLERATION_KEYS =
      List.of(
          "kwok.x-k8s.io/node",
          "cloud.google.com/gke-spot",
          "cloud.google.com/gke-preemptible",
          "kubernetes.azure.com/scalesetpriority");

  /** The well-known labels of where a node is and what it is. */
  public static final List<String> DEFAULT_NODE_SELECTOR_KEYS =
      List.of(
          "kubernetes.io/hostname",
          "kubernetes.io/arch",
          "kubernetes.io/os",
          "topology.kubernetes.io/zone",
          "topology.kubernetes.io/region",
          "node.kubernetes.io/instance-type");

  public PodAllowList {
    annotationPrefixes =
        annotationPrefixes == null ? DEFAULT_ANNOTATION_PREFIXES : List.copyOf(annotationPrefixes);
    tolerationKeys = tolerationKeys == null ? DEFAULT_TOLERATION_KEYS : List.copyOf(tolerationKeys);
    nodeSelectorKeys =
        nodeSelectorKeys == null ? DEFAULT_NODE_SELECTOR_KEYS : List.copyOf(nodeSelectorKeys);
    priorityClasses = priorityClasses == null ? List.of("*") : List.copyOf(priorityClasses);
    runtimeClasses = runtimeClasses == null ? List.of("*") : List.copyOf(runtimeClasses);
  }

  public static PodAllowList defaults() {
    return new PodAllowList(null, null, null, null, null);
  }

  /** Whether {@code name} matches an entry of {@code entries} (exact, or a prefix before *). */
  public static boolean matches(List<String> entries, String name) {
    return entries.stream()
        .anyMatch(
            e ->
                e.endsWith("*") ? name.startsWith(e.substring(0, e.length() - 1)) : e.equals(name));
  }
}
