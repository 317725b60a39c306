package io.neuralforge.trainer.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * projected tokens rotate). The per-run Role allows exactly this and nothing else. Each write
 * carries the object's uid (from the environment the operator set), which the API server checks: a
 * write never lands on a re-created object of the same name.
 */
public final class KubernetesStatusWriter implements StatusWriter {
  public static final String FIELD_MANAGER = "neuralforge-trainer";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI statusUri;
  private final Path tokenFile;
  private final String kind;
  private final String namespace;
  private final String name;
  private final String uid;

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
    this.statusUri =
        apiServer.resolve(
            "/apis/neuralforge.io/v1alpha1/namespaces/"
                + namespace
                + "/"
                + plural
                + "/"
                + name
                + "/status?fieldManager="
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

  /** The apply body: identity (the uid as a precondition), and the status fields. */
  Map<String, Object> body(Map<String, Object> status) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    if (uid != null) {
      metadata.put("uid", uid);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", "neuralforge.io/v1alpha1");
    body.put("kind", kind);
    body.put("metadata", metadata);
    body.put("status", status);
    return body;
  }

  /**
   * Whether the API server refused a write for its uid: a uid precondition that failed (409), or,
   * from a server-side apply, a uid it may not change (422).
   */
  static boolean uidRefused(int statusCode, String message) {
    return (statusCode == 409 || statusCode == 422)
        && message != null
        && message.toLowerCase(java.util.Locale.ROOT).contains("uid");
  }

  @Override
  public void apply(Map<String, Object> status) throws IOException, InterruptedException {
    Map<String, Object> body = body(status);
    HttpRequest request =
        HttpRequest.newBuilder(statusUri)
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + Files.readString(tokenFile).strip())
            .header("Content-Type", "application/apply-patch+yaml")
            .header("Accept", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      String message = response.body();
      try {
        message = JSON.readTree(message).path("message").asText(message);
      } catch (IOException notJson) {
        // keep the body as it came
      }
      String line =
          "status of " + kind + " " + namespace + "/" + name + ": HTTP " + response.statusCode();
      if (uidRefused(response.statusCode(), message)) {
        throw new ObjectReplacedException(
            line + ": it is no longer the object (uid " + uid + ") this pod was started for");
      }
      throw new IOException(line + ": " + message);
    }
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
