package io.neuralforge.api.v1alpha1;

import java.util.List;

/**
 * The keys of a credentials Secret ({@code spec.output.credentialsSecret}) that reach the trainer
 * and the exporter, each by name: the Secret's other keys never become their environment, so a key
 * such as LD_PRELOAD or NEURALFORGE_JAVA_OPTS put into it runs nothing.
 */
public final class CredentialKeys {
  /**
   * The S3 access key pair; a Secret without them leaves the pod waiting with the kubelet's reason.
   */
  public static final List<String> REQUIRED = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

  /** Temporary credentials' token, and the region and endpoint of an S3-compatible store. */
  public static final List<String> OPTIONAL =
      List.of("AWS_SESSION_TOKEN", "AWS_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3");

  private CredentialKeys() {}
}
