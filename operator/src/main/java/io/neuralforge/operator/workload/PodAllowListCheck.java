package io.neuralforge.operator.workload;

import io.fabric8.kubernetes.api.model.Toleration;
import io.neuralforge.api.v1alpha1.PodOverrides;
import io.neuralforge.operator.config.PodAllowList;
import io.neuralforge.operator.status.UnrunnableSpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether a resource's {@code spec.pod} stays in its lane: only what the operator's podAllowList
 * allows, and never what no configuration may allow (a toleration of every taint, a system priority
 * class, the GPU taint on a pod without GPUs). Pure; problems name the field, one line each.
 */
public final class PodAllowListCheck {
  static final String FIELD = "spec.pod";

  /** Longest tenant-written name quoted into a message: conditions stay small. */
  private static final int QUOTED = 100;

  private PodAllowListCheck() {}

  /**
   * Throws {@link UnrunnableSpecException} with the {@link #refusal} when there is one.
   *
   * @param gpuPod whether the pod asks for GPUs (only then may it tolerate the GPU taint)
   */
  public static void require(PodOverrides pod, boolean gpuPod, PodAllowList allow) {
    String refusal = refusal(pod, gpuPod, allow);
    if (refusal != null) {
      throw new UnrunnableSpecException(refusal);
    }
  }

  /** The first problem and how many more, in one line; null when there is none. */
  public static String refusal(PodOverrides pod, boolean gpuPod, PodAllowList allow) {
    List<String> problems = problems(pod, gpuPod, allow);
    if (problems.isEmpty()) {
      return null;
    }
    return problems.get(0)
        + (problems.size() == 1 ? "" : " (and " + (problems.size() - 1) + " more)");
  }

  /** Every setting of {@code pod} that is not allowed, in field order. */
  public static List<String> problems(PodOverrides pod, boolean gpuPod, PodAllowList allow) {
    List<String> problems = new ArrayList<>();
    if (pod == null) {
      return problems;
    }
    if (pod.priorityClassName != null) {
      String field = FIELD + ".priorityClassName";
      if (pod.priorityClassName.startsWith("system-")) {
        problems.add(
            field
                + ": "
                + quoted(pod.priorityClassName)
                + " is for the cluster's own critical pods; not allowed by this operator");
      } else if (!PodAllowList.matches(allow.priorityClasses(), pod.priorityClassName)) {
        problems.add(
            refused(field, pod.priorityClassName, "priorityClasses", allow.priorityClasses()));
      }
    }
    if (pod.runtimeClassName != null
        && !PodAllowList.matches(allow.runtimeClasses(), pod.runtimeClassName)) {
      problems.add(
          refused(
              FIELD + ".runtimeClassName",
              pod.runtimeClassName,
              "runtimeClasses",
              allow.runtimeClasses()));
    }
    for (String key : sorted(pod.nodeSelector)) {
      if (!PodAllowList.matches(allow.nodeSelectorKeys(), key)) {
        problems.add(
            refused(FIELD + ".nodeSelector", key, "nodeSelectorKeys", allow.nodeSelectorKeys()));
      }
    }
    if (pod.tolerations != null) {
      for (int i = 0; i < pod.tolerations.size(); i++) {
        String problem = toleration(pod.tolerations.get(i), gpuPod, allow);
        if (problem != null) {
          problems.add(FIELD + ".tolerations[" + i + "]: " + problem);
        }
      }
    }
    for (String key : sorted(pod.annotations)) {
      if (allow.annotationPrefixes().stream().noneMatch(key::startsWith)) {
        problems.add(
            refused(FIELD + ".annotations", key, "annotationPrefixes", allow.annotationPrefixes()));
      }
    }
    return problems;
  }

  /** What is wrong with one toleration (after its field), or null. */
  private static String toleration(Toleration t, boolean gpuPod, PodAllowList allow) {
    String key = t == null ? null : t.getKey();
    if (key == null || key.isEmpty()) {
      return "operator Exists without a key tolerates every taint; not allowed by this operator"
          + by("tolerationKeys", allow.tolerationKeys());
    }
    if (RestrictedPods.GPU.equals(key)) {
      // the operator tolerates the GPU taint itself where the pod asks for GPUs
      return gpuPod
          ? null
          : "key "
              + key
              + ": a pod without a GPU request may not tolerate the GPU taint, it would hold a GPU"
              + " node";
    }
    return PodAllowList.matches(allow.tolerationKeys(), key)
        ? null
        : "key "
            + quoted(key)
            + " is not allowed by this operator"
            + by("tolerationKeys", allow.tolerationKeys());
  }

  /** "FIELD: NAME is not allowed by this operator (podAllowList.SETTING: [...])". */
  private static String refused(String field, String name, String setting, List<String> allowed) {
    return field + ": " + quoted(name) + " is not allowed by this operator" + by(setting, allowed);
  }

  private static String by(String setting, List<String> allowed) {
    return " (podAllowList." + setting + ": " + allowed + ")";
  }

  private static Iterable<String> sorted(Map<String, String> map) {
    return map == null ? List.of() : new TreeMap<>(map).keySet();
  }

  private static String quoted(String name) {
    return name.length() <= QUOTED ? name : name.substring(0, QUOTED) + "…";
  }
}
