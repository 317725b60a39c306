package io.neuralforge.trainer.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuralforge.api.v1alpha1.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Server-side apply of a pod's status fields to its own TrainingRun or ModelExport, under the
 * trainer image's field manager, with the pod's ServiceAccount token (re-read for every request:
 * projected tokens rotate). The per-run Role allows exactly this and nothing else. Each write is
 * checked against the object's uid (from the environment the operator set): before it, by a GET of
 * the status, and after it, on the object the write reached. The API server drops metadata from a
 * status write, uid included, so it cannot be the precondition; a re-created object of the same
 * name is told apart by the trainer, which then stops writing.
 */
public final class KubernetesStatusWriter implements StatusWriter {
  public static final String FIELD_MANAGER = "neuralforge-trainer";

  /** How often a trainer waiting for its sweep's judgement reads its run. */
  static final Duration JUDGEMENT_POLL = Duration.ofMillis(250);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI statusUri;

  /** The status subresource without the apply's parameters: what a GET of the object reads. */
  private final URI objectUri;

  private final Path tokenFile;
  private final String kind;
  private final String namespace;
  private final String name;
  private final String uid;
  private volatile boolean stopRequested;
  private volatile int judgedFrom = Integer.MAX_VALUE;
  private volatile int judged;

  KubernetesStatusWriter(
      HttpClient http,
      URI apiServer,
      Path tokenFile,
      String kind,
      String plural,
      String namespace,
      String name,
      String uid) {
    this.http = http;
    this.uid = uid;
    this.tokenFile = tokenFile;
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
    this.objectUri =
        apiServer.resolve(
            "/apis/neuralforge.io/v1alpha1/namespaces/"
                + namespace
                + "/"
                + plural
                + "/"
                + name
                + "/status");
    this.statusUri =
        URI.create(
            objectUri
                + "?fieldManager="
                + URLEncoder.encode(FIELD_MANAGER, StandardCharsets.UTF_8)
                + "&force=true");
  }

  /** The writer a trainer pod gets for its TrainingRun, or null outside such a pod. */
  public static KubernetesStatusWriter forTrainingRun(Map<String, String> env) throws IOException {
    return fromEnvironment(env, "NEURALFORGE_TRAININGRUN", "TrainingRun", "trainingruns");
  }

  /** The writer an export pod gets for its ModelExport, or null outside such a pod. */
  public static KubernetesStatusWriter forModelExport(Map<String, String> env) throws IOException {
    return fromEnvironment(env, "NEURALFORGE_MODELEXPORT", "ModelExport", "modelexports");
  }

  /**
   * From the pod's environment: the object's name in {@code variable} and its uid in {@code
   * variable}_UID (absent from Jobs of earlier operators: then no precondition),
   * NEURALFORGE_NAMESPACE, NEURALFORGE_SERVICEACCOUNT_DIR (token and ca.crt),
   * KUBERNETES_SERVICE_HOST/PORT; null when one is missing.
   */
  private static KubernetesStatusWriter fromEnvironment(
      Map<String, String> env, String variable, String kind, String plural) throws IOException {
    String name = env.get(variable);
    String dir = env.get("NEURALFORGE_SERVICEACCOUNT_DIR");
    String host = env.get("KUBERNETES_SERVICE_HOST");
    if (name == null || dir == null || host == null) {
      return null;
    }
    Path account = Path.of(dir);
    String namespace = env.get("NEURALFORGE_NAMESPACE");
    if (namespace == null) {
      namespace = Files.readString(account.resolve("namespace")).strip();
    }
    String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
    String authority = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(trusting(account.resolve("ca.crt")))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    return new KubernetesStatusWriter(
        http,
        URI.create("https://" + authority),
        account.resolve("token"),
        kind,
        plural,
        namespace,
        name,
        env.get(variable + "_UID"));
  }

  /** The apply body: identity and the status fields. */
  Map<String, Object> body(Map<String, Object> status) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", "neuralforge.io/v1alpha1");
    body.put("kind", kind);
    body.put("metadata", metadata);
    body.put("status", status);
    return body;
  }

  /**
   * Whether {@code object} (the API server's JSON) is the object this pod was started for; when it
   * is, whether it asks the run to stop is noted.
   */
  boolean isOurs(String object) throws IOException {
    JsonNode tree = JSON.readTree(object);
    boolean ours = uid == null || uid.equals(tree.path("metadata").path("uid").asText());
    if (ours) {
      stopRequested |= tree.path("spec").path("runPolicy").path("stop").isObject();
      JsonNode annotations = tree.path("metadata").path("annotations");
      judgedFrom = epochOr(annotations.path(Labels.SWEEP_JUDGED_FROM), Integer.MAX_VALUE);
      judged = epochOr(annotations.path(Labels.SWEEP_JUDGED), 0);
    }
    return ours;
  }

  /** An annotation's epoch; {@code otherwise} when absent or not a whole number. */
  private static int epochOr(JsonNode annotation, int otherwise) {
    try {
      return annotation.isTextual() ? Integer.parseInt(annotation.asText().strip()) : otherwise;
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  /**
   * Reads the run every {@link #JUDGEMENT_POLL} until its sweep judged {@code epoch}: a few reads
   * of the one object this pod may read, for the operator's reaction time.
   */
  @Override
  public boolean awaitJudgement(int epoch, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (epoch >= judgedFrom && judged < epoch && !stopRequested) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(JUDGEMENT_POLL.toMillis());
      if (!isOurs(send(HttpRequest.newBuilder(objectUri).GET()))) {
        throw replaced();
      }
    }
    return true;
  }

  @Override
  public boolean stopRequested() {
    return stopRequested;
  }

  @Override
  public void apply(Map<String, Object> status) throws IOException, InterruptedException {
    if (!isOurs(send(HttpRequest.newBuilder(objectUri).GET()))) {
      throw replaced();
    }
    String written =
        send(
            HttpRequest.newBuilder(statusUri)
                .header("Content-Type", "application/apply-patch+yaml")
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body(status)))));
    if (!isOurs(written)) {
      throw replaced(); // re-created between the two requests: this write was the last
    }
  }

  private ObjectReplacedException replaced() {
    return new ObjectReplacedException(
        what() + ": it is no longer the object (uid " + uid + ") this pod was started for");
  }

  private String what() {
    return "status of " + kind + " " + namespace + "/" + name;
  }

  /** The response's body; an IOException naming the object and the API server's message. */
  private String send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + Files.readString(tokenFile).strip())
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 == 2) {
      return response.body();
    }
    String message = response.body();
    try {
      message = JSON.readTree(message).path("message").asText(message);
    } catch (IOException notJson) {
      // keep the body as it came
    }
    throw new IOException(what() + ": HTTP " + response.statusCode() + ": " + message);
  }

  private static SSLContext trusting(Path caFile) throws IOException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "cannot trust the API server's CA " + caFile + ": " + e.getMessage(), e);
    }
  }
}
