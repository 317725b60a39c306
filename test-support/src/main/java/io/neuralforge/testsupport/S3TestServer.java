package io.neuralforge.testsupport;

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
 * the trainer's tests, on an address pods reach for the ones on the real node. It knows nothing of
 * the trainer: tests reach it with {@link #endpoint()}, {@link #REGION}, {@link #KEY} and {@link
 * #SECRET}.
 */
public final class S3TestServer implements AutoCloseable {
  public static final String REGION = "us-east-1";
  public static final String KEY = "test-access-key";
  public static final String SECRET = "test-secret-key";
  private final S3Proxy server;
  private final URI endpoint;

  private S3TestServer(S3Proxy server, URI endpoint) {
    this.server = server;
    this.endpoint = endpoint;
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
    for (String bucket : buckets) {
      store.getBlobStore().createContainerInLocation(null, bucket);
    }
    return new S3TestServer(server, URI.create("http://" + host + ":" + server.getPort()));
  }

  /** Where it listens: {@code http://host:port}, for path-style requests. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
