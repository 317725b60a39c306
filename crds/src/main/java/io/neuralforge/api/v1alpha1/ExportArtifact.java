package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An exported model file. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExportArtifact {

  /** Where it is: s3://..., pvc://claim/path, or a local path. */
  public String uri;

  /** Its size in bytes. */
  public Long sizeBytes;

  /** Its sha256, as "sha256:" and hex. */
  public String sha256;
}
