package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Where the trainer leaves its output folder (run manifest, architecture snapshot, weights,
 * metrics, curves): under an S3 prefix or on a PersistentVolumeClaim, in a folder named after the
 * run's namespace and name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.uri) != has(self.pvc)",
    message = "set exactly one of output.uri and output.pvc")
public class OutputLocation {

  /** An S3 prefix, s3://bucket/prefix/ (any S3-compatible store). */
  @Pattern("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$")
  public String uri;

  /**
   * A Secret in the run's namespace with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and
   * optionally AWS_REGION, AWS_ENDPOINT_URL) for uri.
   */
  public LocalReference credentialsSecret;

  /** A PersistentVolumeClaim in the run's namespace. */
  public PvcOutput pvc;
}
