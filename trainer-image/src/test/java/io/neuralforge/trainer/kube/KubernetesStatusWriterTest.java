package io.neuralforge.trainer.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a trainer pod sends to the API server, and which refusals mean its run was replaced. */
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
  @SuppressWarnings("unchecked")
  void everyWriteNamesTheRunsUidSoARecreatedRunOfTheSameNameRefusesIt() {
    Map<String, Object> body = writer("uid-of-r1").body(Map.of("progress", Map.of("epoch", 1)));
    assertThat((Map<String, Object>) body.get("metadata"))
        .containsEntry("name", "r1")
        .containsEntry("namespace", "team-a")
        .containsEntry("uid", "uid-of-r1");
    assertThat(body).containsEntry("status", Map.of("progress", Map.of("epoch", 1)));
    // a Job an earlier operator made has no uid in its environment: no precondition then
    assertThat((Map<String, Object>) writer(null).body(Map.of()).get("metadata"))
        .doesNotContainKey("uid");
  }

  @Test
  void aUidTheApiServerRejectsIsTheRunReplacedAndNothingElseIs() {
    assertThat(
            KubernetesStatusWriter.uidRefused(
                422,
                "TrainingRun.neuralforge.io \"r1\" is invalid: metadata.uid: Invalid value:"
                    + " \"uid-of-r1\": field is immutable"))
        .isTrue();
    assertThat(
            KubernetesStatusWriter.uidRefused(
                409,
                "Operation cannot be fulfilled on trainingruns.neuralforge.io \"r1\": Precondition"
                    + " failed: UID in precondition: a, UID in object meta: b"))
        .isTrue();
    assertThat(KubernetesStatusWriter.uidRefused(409, "the object has been modified")).isFalse();
    assertThat(KubernetesStatusWriter.uidRefused(422, "status.progress.epoch: Invalid value"))
        .isFalse();
    assertThat(KubernetesStatusWriter.uidRefused(403, "uid forbidden")).isFalse();
  }
}
