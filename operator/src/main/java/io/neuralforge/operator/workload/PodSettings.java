package io.neuralforge.operator.workload;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.neuralforge.api.v1alpha1.PodOverrides;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A resource's {@code spec.pod} settings applied to the pod the operator runs for it. */
public final class PodSettings {
  private PodSettings() {}

  /**
   * Priority class, runtime class, pull secrets, node selector, and tolerations after {@code
   * tolerations} (the operator's own).
   */
  public static PodSpecBuilder apply(
      PodSpecBuilder pod, PodOverrides settings, List<Toleration> tolerations) {
    PodOverrides s = settings == null ? new PodOverrides() : settings;
    List<Toleration> all = new ArrayList<>(tolerations);
    if (s.tolerations != null) {
      all.addAll(s.tolerations);
    }
    return pod.withPriorityClassName(s.priorityClassName)
        .withRuntimeClassName(s.runtimeClassName)
        .withImagePullSecrets(
            s.imagePullSecrets == null
                ? List.of()
                : s.imagePullSecrets.stream().map(r -> new LocalObjectReference(r.name)).toList())
        .withNodeSelector(s.nodeSelector)
        .withTolerations(all);
  }

  /** The user's pod labels with the operator's on top (they select the operator's pods). */
  public static Map<String, String> labels(PodOverrides settings, Map<String, String> own) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (settings != null && settings.labels != null) {
      labels.putAll(settings.labels);
    }
    labels.putAll(own);
    return labels;
  }

  public static Map<String, String> annotations(PodOverrides settings) {
    return settings == null || settings.annotations == null ? Map.of() : settings.annotations;
  }
}
