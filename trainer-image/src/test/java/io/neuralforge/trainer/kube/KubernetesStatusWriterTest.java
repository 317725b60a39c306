package io.neuralforge.trainer.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a trainer pod sends to the API server, and how it knows a re-created run is not its own. */
class KubernetesStatusWriterTest {

  private static KubernetesStatusWriter writer(String uid) {
    return new KubernetesStatusWriter(
        HttpClient.newHttpClient(),
        URI.create("https://10.0.0.1:443"),
        Path.of("/nonexistent/token"),
        "TrainingRun",
        "trainingruns",
        "team-a",
        "r1",
        uid);
  }

  @Test
  void aWriteReachesOnlyTheObjectThePodWasStartedFor() throws Exception {
    KubernetesStatusWriter writer = writer("uid-of-r1");
    assertThat(writer.isOurs("{\"metadata\": {\"name\": \"r1\", \"uid\": \"uid-of-r1\"}}"))
        .isTrue();
    // a re-created run of the same name has another uid
    assertThat(writer.isOurs("{\"metadata\": {\"name\": \"r1\", \"uid\": \"uid-of-r1-again\"}}"))
        .isFalse();
    // a Job an earlier operator made has no uid in its environment: no check then
    assertThat(writer(null).isOurs("{\"metadata\": {\"uid\": \"any\"}}")).isTrue();
  }

  @Test
  void aStopRequestInTheRunsSpecIsNotedOnlyFromTheRunItself() throws Exception {
    KubernetesStatusWriter writer = writer("uid-of-r1");
    writer.isOurs("{\"metadata\": {\"uid\": \"uid-of-r1\"}, \"spec\": {\"runPolicy\": {}}}");
    assertThat(writer.stopRequested()).isFalse();
    // another object of the same name asks nothing of this pod
    writer.isOurs(
        "{\"metadata\": {\"uid\": \"other\"}, \"spec\": {\"runPolicy\": {\"stop\":"
            + " {\"message\": \"m\"}}}}");
    assertThat(writer.stopRequested()).isFalse();
    writer.isOurs(
        "{\"metadata\": {\"uid\": \"uid-of-r1\"}, \"spec\": {\"runPolicy\": {\"stop\":"
            + " {\"message\": \"validationAccuracy 0.41 at epoch 2 below the median\"}}}}");
    assertThat(writer.stopRequested()).isTrue();
  }

  @Test
  void theApplyBodyIsIdentityAndStatus() {
    Map<String, Object> body = writer("uid-of-r1").body(Map.of("progress", Map.of("epoch", 1)));
    assertThat(body).containsEntry("kind", "TrainingRun").containsKey("status");
  }
}
