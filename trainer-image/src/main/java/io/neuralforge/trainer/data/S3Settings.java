package io.neuralforge.trainer.data;

import java.net.URI;

/**
 * How to reach S3: an endpoint for S3-compatible servers (path-style addressing; null for AWS
 * itself), the region, and credentials (null for the SDK's default chain: environment, profile, web
 * identity, instance role).
 */
public record S3Settings(URI endpoint, String region, String accessKeyId, String secretAccessKey) {

  /**
   * From AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL and AWS_REGION; credentials from the default chain.
   */
  public static S3Settings fromEnvironment() {
    String endpoint = System.getenv("AWS_ENDPOINT_URL_S3");
    if (endpoint == null || endpoint.isBlank()) {
      endpoint = System.getenv("AWS_ENDPOINT_URL");
    }
    String region = System.getenv("AWS_REGION");
    return new S3Settings(
        endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint),
        region == null || region.isBlank() ? "us-east-1" : region,
        null,
        null);
  }
}
