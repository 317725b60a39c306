package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** Settings copied onto the trainer pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodOverrides {

  /** The pod's PriorityClass. */
  public String priorityClassName;

  /** Secrets for pulling the trainer image from a private registry. */
  public List<LocalReference> imagePullSecrets;

  /** The pod's RuntimeClass (e.g. nvidia). */
  public String runtimeClassName;

  /** Node labels the pod requires, on top of the GPU placement. */
  public Map<String, String> nodeSelector;

  /** Tolerations on top of the GPU taint's. */
  public List<Toleration> tolerations;

  /** Annotations for the pod. */
  public Map<String, String> annotations;

  /** Labels for the pod (neuralforge.io/ labels are the operator's). */
  public Map<String, String> labels;
}
