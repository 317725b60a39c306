package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** A folder on a PersistentVolumeClaim. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PvcOutput {

  /** The claim's name. */
  @Required public String claimName;

  /** A folder inside the volume; its root when absent. */
  public String subPath;
}
