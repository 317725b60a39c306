package io.neuralforge.trainer.data;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

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

  /** A client for these settings; the caller closes it. */
  public S3Client client() {
    // Checksums only where S3 requires them: S3-compatible servers often reject the SDK's
    // default trailing checksums.
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(region))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (endpoint != null) {
      builder.endpointOverride(endpoint).forcePathStyle(true);
    }
    builder.credentialsProvider(
        accessKeyId != null
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKeyId, secretAccessKey))
            : DefaultCredentialsProvider.builder().build());
    return builder.build();
  }
}
