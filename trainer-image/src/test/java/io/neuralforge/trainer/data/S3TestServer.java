package io.neuralforge.trainer.data;

import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server (s3proxy, in memory) for tests, with signed requests: on loopback for
 * the trainer's tests, on an address pods reach for the ones on the real node.
 */
public final class S3TestServer implements AutoCloseable {
  public static final String KEY = "test-access-key";
  public static final String SECRET = "test-secret-key";
  private final S3Proxy server;
  private final S3Settings settings;

  private S3TestServer(S3Proxy server, S3Settings settings) {
    this.server = server;
    this.settings = settings;
  }

  /** Started on {@code host}, a free port, with empty buckets of those names. */
  public static S3TestServer start(String host, String... buckets) throws Exception {
    BlobStoreContext store =
        ContextBuilder.newBuilder("transient")
            .credentials("identity", "credential")
            .overrides(new Properties())
            .build(BlobStoreContext.class);
    S3Proxy server =
        S3Proxy.builder()
            .blobStore(store.getBlobStore())
            .endpoint(URI.create("http://" + host + ":0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET)
            .build();
    server.start();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> server.getState().equals("STARTED"));
    S3Settings settings =
        new S3Settings(
            URI.create("http://" + host + ":" + server.getPort()), "us-east-1", KEY, SECRET);
    try (var s3 = settings.client()) {
      for (String bucket : buckets) {
        s3.createBucket(b -> b.bucket(bucket));
      }
    }
    return new S3TestServer(server, settings);
  }

  /** The endpoint, region and credentials that reach it. */
  public S3Settings settings() {
    return settings;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
