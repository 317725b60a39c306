package io.neuralforge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.testing.WithOperator;
import io.neuralforge.testsupport.S3TestServer;
import io.neuralforge.trainer.data.S3Settings;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A run that keeps its output on S3, trained in a container on the real node, and its export from
 * there: the pods reach a real S3-compatible server (s3proxy, served by this test on the address
 * the API server listens on, which pods reach) with the credentials and endpoint of a Secret.
 */
@RealCluster
@WithOperator
class S3OutputIT {
  private static final Duration PATIENCE = Duration.ofMinutes(6);
  private static S3TestServer server;
  private static S3Settings s3;
  private static KubernetesClient client;

  @BeforeAll
  static void startS3(KubernetesClient kubernetes) throws Exception {
    client = kubernetes;
    // the host end of the real node's network: where the API server listens, reachable by pods
    server =
        S3TestServer.start(URI.create(kubernetes.getMasterUrl().toString()).getHost(), "models");
    s3 =
        new S3Settings(
            server.endpoint(), S3TestServer.REGION, S3TestServer.KEY, S3TestServer.SECRET);
  }

  @AfterAll
  static void stopS3() throws Exception {
    server.close();
  }

  @Test
  void aRunTrainsToS3AndItsExportReadsAndWritesThere(ControlPlane plane, TestNamespace ns) {
    client
        .secrets()
        .inNamespace(ns.name())
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("s3-credentials")
                .endMetadata()
                .addToStringData("AWS_ACCESS_KEY_ID", S3TestServer.KEY)
                .addToStringData("AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET)
                .addToStringData("AWS_ENDPOINT_URL", s3.endpoint().toString())
                .addToStringData("AWS_REGION", "us-east-1")
                .build())
        .create();
    TestManifests.createExample(plane, ns, "architectures/mlp-digits.yaml");
    TestManifests.create(
        client,
        TrainingRun.class,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: TrainingRun
        metadata: {name: digits, namespace: %s}
        spec:
          architectureRef: {name: mlp-digits}
          dataset: {builtin: digits}
          hyperparameters: {epochs: 3}
          resources: {gpu: {type: none}, cpu: "1", memory: 2Gi}
          output: {uri: "s3://models/runs/", credentialsSecret: {name: s3-credentials}}
        """,
        ns.name());
    TrainingRun run =
        Await.phase(client, TrainingRun.class, ns, "digits", s -> s.phase, "Succeeded", PATIENCE);
    String folder = "runs/" + ns.name() + "/digits/";
    assertThat(run.getStatus().artifacts.model)
        .isEqualTo("s3://models/" + folder + "model-0000.params");
    TestManifests.create(
        client,
        ModelExport.class,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: ModelExport
        metadata: {name: digits-onnx, namespace: %s}
        spec: {trainingRunRef: {name: digits}, validation: {samples: 50}}
        """,
        ns.name());
    ModelExport export =
        Await.phase(
            client, ModelExport.class, ns, "digits-onnx", s -> s.phase, "Succeeded", PATIENCE);
    String onnx = folder + "exports/digits-onnx/digits-onnx/1/model.onnx";
    assertThat(export.getStatus().artifact.uri).isEqualTo("s3://models/" + onnx);
    assertThat(export.getStatus().validation.passed).isTrue();
    assertThat(export.getStatus().serving.storageUri)
        .isEqualTo("s3://models/" + folder + "exports/digits-onnx/");
    try (S3Client c = s3.client()) {
      for (String key : new String[] {folder + "model-0000.params", folder + "metrics.json"}) {
        assertThat(c.headObject(b -> b.bucket("models").key(key)).contentLength())
            .as(key)
            .isPositive();
      }
      assertThat(c.headObject(b -> b.bucket("models").key(onnx)).contentLength())
          .isEqualTo(export.getStatus().artifact.sizeBytes);
      // the worked request and response beside the model, uploaded with it
      String samples = folder + "exports/digits-onnx/digits-onnx/samples/";
      for (String file : new String[] {"request.json", "response.json"}) {
        assertThat(c.headObject(b -> b.bucket("models").key(samples + file)).contentLength())
            .as(samples + file)
            .isPositive();
      }
    }
  }
}
