package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import java.util.Map;

/** What the run was made of, so that it can be repeated. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Reproducibility {

  /** The graphHash of the Architecture snapshot the run trains. */
  public String architectureGraphHash;

  /** The ConfigMap holding that snapshot. */
  public String architectureSnapshot;

  /** The random seed. */
  public Long seed;

  /**
   * The trainer image the run's Job runs: the CUDA image for t4, a10g and any, the CPU image for
   * none.
   */
  public String trainerImage;

  /**
   * What the trainer trains on, written by the trainer: every GPU it uses, then the NVIDIA driver
   * and the CUDA runtime ("cuda:0 Tesla T4, driver 550.54.15, CUDA 12.6"), or "cpu, 2 threads".
   */
  public String device;

  /** sha256 of the training data as loaded, written by the trainer. */
  public String datasetDigest;

  /** The hyperparameters, defaults filled in. */
  @PreserveUnknownFields public Map<String, Object> hyperparameters;
}
