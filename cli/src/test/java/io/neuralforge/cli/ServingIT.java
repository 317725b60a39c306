package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.modelexport.InferenceServices;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.Claims;
import io.neuralforge.operator.testing.CommandResult;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.testing.WithOperator;
import io.neuralforge.testsupport.HackPython;
import io.neuralforge.testsupport.MlflowTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A trained model served as KServe's Standard mode serves it, on the test cluster's real node: the
 * chart's ClusterServingRuntime (rendered because KServe's API is there) runs the serving image
 * from the export's claim, mounted read-only at /mnt/models, behind a Service; v2 inference on the
 * export's own validation samples returns what ONNX Runtime computed at export time, and requests
 * that do not fit get one-line 400s and 404s. The export is registered in a real MLflow Model
 * Registry, under the training run's MLflow run, a new version per export. KServe's controller and
 * webhooks are not here (its Go module is out of reach); hack/py/kserve_standard_mode.py does their
 * part.
 */
@RealCluster
@WithOperator
class ServingIT {
  private static final Duration PATIENCE = Duration.ofMinutes(6);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization KUBERNETES_JSON = new KubernetesSerialization();
  private static final String RUNTIME = "neuralforge-onnx";
  private static final ResourceDefinitionContext RUNTIMES =
      new ResourceDefinitionContext.Builder()
          .withGroup("serving.kserve.io")
          .withVersion("v1alpha1")
          .withKind("ClusterServingRuntime")
          .withPlural("clusterservingruntimes")
          .withNamespaced(false)
          .build();
  private static MlflowTestServer mlflow;
  private static KubernetesClient client;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startMlflow(KubernetesClient kubernetes) throws Exception {
    client = kubernetes;
    String host = URI.create(kubernetes.getMasterUrl().toString()).getHost();
    mlflow = MlflowTestServer.start(Files.createTempDirectory("mlflow-serving-it"), host);
  }

  @AfterAll
  static void stopMlflow() {
    mlflow.close();
  }

  /** KServe's API stand-ins leave with this test (the runtime with its CRD). */
  @AfterAll
  static void removeKServeApi(ControlPlane plane) throws Exception {
    ok(plane.kubectl(null, "delete", "--ignore-not-found", "-f", kserveApi(plane).toString()));
  }

  /** Stand-ins for KServe's CRDs, which make demo applies too. */
  private static Path kserveApi(ControlPlane plane) {
    return plane.repository().resolve("hack/kserve-api");
  }

  @Test
  void anExportIsServedAsKServeWouldServeItAndRegisteredInMlflow(
      ControlPlane plane, TestNamespace ns) throws Exception {
    GenericKubernetesResource runtime = installRuntime(plane);
    Path claim = Claims.create(plane, ns.name(), "models");
    TestManifests.createExample(plane, ns, "architectures/mlp-digits.yaml");
    TestManifests.create(
        client,
        TrainingRun.class,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingRun
        metadata: {name: %s, namespace: %s}
        spec:
          architectureRef: {name: mlp-digits}
          dataset: {builtin: digits}
          hyperparameters: {epochs: 3}
          resources: {gpu: {type: none}, cpu: 500m, memory: 2Gi}
          output: {pvc: {claimName: models}}
          tracking: {mlflow: {uri: "%s", experiment: digits-serving}}
        """,
        "digits",
        ns.name(),
        mlflow.uri);
    TrainingRun trained =
        Await.phase(client, TrainingRun.class, ns, "digits", s -> s.phase, "Succeeded", PATIENCE);
    String trainingRunId = trained.getStatus().tracking.mlflowRunId;

    ModelExport first = export(ns, "digits-onnx");
    ModelExport second = export(ns, "digits-onnx-2");

    // the registry: one model, a version per export, each logged under the training run
    assertThat(first.getStatus().serving.registeredModel.name).isEqualTo("digits-mlp");
    assertThat(first.getStatus().serving.registeredModel.version).isEqualTo("1");
    assertThat(first.getStatus().serving.registeredModel.uri).isEqualTo("models:/digits-mlp/1");
    assertThat(second.getStatus().serving.registeredModel.version).isEqualTo("2");
    JsonNode version =
        mlflow
            .get("mlflow/model-versions/get", Map.of("name", "digits-mlp", "version", "1"))
            .path("model_version");
    assertThat(version.path("run_id").asText()).isEqualTo(trainingRunId);
    assertThat(version.path("source").asText())
        .startsWith("runs:/" + trainingRunId + "/models/digits-onnx-");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(ns.name()).list().getItems())
                    .extracting(Event::getReason)
                    .contains("ModelRegistered"));

    // the InferenceService neuralforge render prints, served as KServe's Standard mode would
    var serving = first.getStatus().serving;
    assertThat(serving.runtime).isEqualTo(RUNTIME);
    assertThat(serving.storageUri).startsWith("pvc://models/");
    serveAsKServeWould(plane, runtime, InferenceServices.of(first, serving.storageUri));
    Deployment ready =
        await()
            .atMost(PATIENCE)
            .until(
                () ->
                    client
                        .apps()
                        .deployments()
                        .inNamespace(ns.name())
                        .withName("digits-predictor")
                        .get(),
                d ->
                    d.getStatus() != null
                        && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas()));
    assertThat(ready.getMetadata().getName()).isEqualTo("digits-predictor");
    Pod pod =
        client
            .pods()
            .inNamespace(ns.name())
            .withLabel("serving.kserve.io/inferenceservice", "digits")
            .list()
            .getItems()
            .get(0);
    assertThat(pod.getSpec().getNodeName()).isEqualTo("real-0");
    assertThat(pod.getStatus().getContainerStatuses().get(0).getContainerID())
        .startsWith("containerd://");
    // this machine is not a pod: it reaches pod addresses, not Service IPs; the Service's
    // endpoint is the predictor's pod, on the runtime's port
    var endpoints =
        await()
            .atMost(Duration.ofMinutes(1))
            .until(
                () ->
                    client
                        .discovery()
                        .v1()
                        .endpointSlices()
                        .inNamespace(ns.name())
                        .withLabel("kubernetes.io/service-name", "digits-predictor")
                        .list()
                        .getItems(),
                slices ->
                    slices.size() == 1
                        && slices.get(0).getEndpoints().size() == 1
                        && Boolean.TRUE.equals(
                            slices.get(0).getEndpoints().get(0).getConditions().getReady()));
    assertThat(endpoints.get(0).getEndpoints().get(0).getTargetRef().getName())
        .isEqualTo(pod.getMetadata().getName());
    String url =
        "http://"
            + endpoints.get(0).getEndpoints().get(0).getAddresses().get(0)
            + ":"
            + endpoints.get(0).getPorts().get(0).getPort();
    await()
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              HttpResponse<String> readiness = get(url + "/v2/models/digits/ready");
              assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
            });

    // the model's metadata is status.serving's
    JsonNode metadata = JSON.readTree(get(url + "/v2/models/digits").body());
    assertThat(metadata.at("/inputs/0/name").asText()).isEqualTo(serving.inputs.get(0).name);
    assertThat(metadata.at("/inputs/0/datatype").asText())
        .isEqualTo(serving.inputs.get(0).datatype);
    assertThat(JSON.convertValue(metadata.at("/inputs/0/shape"), long[].class))
        .containsExactly(serving.inputs.get(0).shape.stream().mapToLong(Long::longValue).toArray());

    // the export's own validation samples give what ONNX Runtime computed at export time
    Path samples = claim.resolve(localPath(serving.storageUri)).resolve("digits/samples");
    String request = Files.readString(samples.resolve("request.json"));
    JsonNode expected = JSON.readTree(samples.resolve("response.json").toFile());
    HttpResponse<String> answer = post(url + "/v2/models/digits/infer", request);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode actual = JSON.readTree(answer.body());
    JsonNode want = expected.at("/outputs/0/data");
    JsonNode got = actual.at("/outputs/0/data");
    assertThat(got.size()).isEqualTo(want.size()).isGreaterThan(0);
    double maxDiff = 0;
    for (int i = 0; i < want.size(); i++) {
      maxDiff = Math.max(maxDiff, Math.abs(want.get(i).asDouble() - got.get(i).asDouble()));
    }
    System.out.printf(
        "served vs export-time ONNX Runtime: %d values, max |diff| %.3g%n", want.size(), maxDiff);
    assertThat(maxDiff).isLessThanOrEqualTo(1e-6);
    assertThat(actual.at("/outputs/0/shape")).isEqualTo(expected.at("/outputs/0/shape"));

    // neuralforge predict asks the served model too: the same outputs, and top classes
    CliRun asked =
        CliRun.of(
            "predict",
            "--url",
            url,
            "--model",
            "digits",
            "-o",
            "json",
            samples.resolve("request.json").toString());
    assertThat(asked.exitCode()).as(asked.err()).isZero();
    JsonNode predicted = JSON.readTree(asked.out().lines().findFirst().orElseThrow());
    assertThat(predicted.at("/outputs/0/shape")).isEqualTo(expected.at("/outputs/0/shape"));
    for (int i = 0; i < want.size(); i++) {
      assertThat(predicted.at("/outputs/0/data").get(i).floatValue())
          .isEqualTo(want.get(i).floatValue());
    }
    CliRun top =
        CliRun.of(
            "predict",
            "--url",
            url,
            "--model",
            "digits",
            samples.resolve("request.json").toString());
    assertThat(top.exitCode()).as(top.err()).isZero();
    assertThat(top.out().lines())
        .hasSize((int) batchOf(request))
        .allMatch(l -> l.contains("request.json sample "));
    CliRun unknown =
        CliRun.of(
            "predict",
            "--url",
            url,
            "--model",
            "no-such-model",
            samples.resolve("request.json").toString());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err().strip()).contains("no-such-model").doesNotContain("\n");

    // requests that do not fit: one line naming the input, never a trace
    ObjectNode wrongShape = (ObjectNode) JSON.readTree(request);
    ObjectNode input = (ObjectNode) wrongShape.at("/inputs/0");
    String inputName = input.path("name").asText();
    ArrayNode shape = (ArrayNode) input.path("shape");
    long batch = shape.get(0).asLong();
    input.set("shape", JSON.createArrayNode().add(batch).add(7));
    assertOneLine(post(url + "/v2/models/digits/infer", wrongShape.toString()), 400, inputName);
    ObjectNode wrongType = (ObjectNode) JSON.readTree(request);
    ((ObjectNode) wrongType.at("/inputs/0")).put("datatype", "INT64");
    assertOneLine(post(url + "/v2/models/digits/infer", wrongType.toString()), 400, inputName);
    assertOneLine(post(url + "/v2/models/no-such-model/infer", request), 404, "no-such-model");
  }

  /** A ModelExport served by our runtime and registered; waits until it has Succeeded. */
  private static ModelExport export(TestNamespace ns, String name) {
    TestManifests.create(
        client,
        ModelExport.class,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: ModelExport
        metadata: {name: %s, namespace: %s}
        spec:
          trainingRunRef: {name: digits}
          serving: {modelName: digits, runtime: %s}
          registry: {mlflow: {uri: "%s", name: digits-mlp}}
        """,
        name,
        ns.name(),
        RUNTIME,
        mlflow.uri);
    return Await.phase(client, ModelExport.class, ns, name, s -> s.phase, "Succeeded", PATIENCE);
  }

  /**
   * KServe's API (its CRDs' stand-ins) on the cluster, then the chart's runtime as Helm renders it
   * there, applied and read back from the API server.
   */
  private static GenericKubernetesResource installRuntime(ControlPlane plane) throws Exception {
    ok(plane.kubectl(null, "apply", "--server-side", "-f", kserveApi(plane).toString()));
    ok(
        plane.kubectl(
            null,
            "wait",
            "--for=condition=Established",
            "crd/clusterservingruntimes.serving.kserve.io",
            "crd/inferenceservices.serving.kserve.io"));
    String chart = plane.repository().resolve("charts/neuralforge-operator").toString();
    // without KServe's API in the capabilities, nothing is rendered
    CommandResult plain =
        plane.helm("template", "nf", chart, "--set", "serving.runtime.enabled=true");
    ok(plain);
    assertThat(plain.stdout()).doesNotContain("ClusterServingRuntime");
    CommandResult rendered =
        plane.helm(
            "template",
            "nf",
            chart,
            "--set",
            "serving.runtime.enabled=true",
            "--api-versions",
            "serving.kserve.io/v1alpha1/ClusterServingRuntime",
            "--show-only",
            "templates/serving-runtime.yaml");
    ok(rendered);
    ok(plane.kubectl(rendered.stdout(), "apply", "--server-side", "-f", "-"));
    return client.genericKubernetesResources(RUNTIMES).withName(RUNTIME).get();
  }

  /**
   * The Deployment and Service KServe's Standard mode makes of the InferenceService with the
   * runtime (hack/py/kserve_standard_mode.py, which make demo uses too), created.
   */
  private static void serveAsKServeWould(
      ControlPlane plane, GenericKubernetesResource runtime, GenericKubernetesResource service)
      throws Exception {
    Path dir = Files.createTempDirectory("standard-mode");
    Path runtimeFile = dir.resolve("runtime.json");
    Path serviceFile = dir.resolve("inferenceservice.json");
    Files.writeString(runtimeFile, KUBERNETES_JSON.asJson(runtime));
    Files.writeString(serviceFile, KUBERNETES_JSON.asJson(service));
    CommandResult objects =
        CommandResult.run(
            plane.repository(),
            List.of(
                HackPython.python(dir.resolve("env.log")),
                "hack/py/kserve_standard_mode.py",
                runtimeFile.toString(),
                serviceFile.toString()),
            null,
            Duration.ofMinutes(1));
    ok(objects);
    ok(plane.kubectl(objects.stdout(), "create", "-f", "-"));
  }

  private static long batchOf(String request) throws Exception {
    return JSON.readTree(request).at("/inputs/0/shape/0").asLong();
  }

  /** A pvc:// URI's path inside its claim. */
  private static String localPath(String pvcUri) {
    String rest = pvcUri.substring("pvc://".length());
    return rest.substring(rest.indexOf('/') + 1);
  }

  private static void assertOneLine(HttpResponse<String> response, int status, String naming) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).contains(naming).doesNotContain("Traceback").doesNotContain("\n");
  }

  private static void ok(CommandResult r) {
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
