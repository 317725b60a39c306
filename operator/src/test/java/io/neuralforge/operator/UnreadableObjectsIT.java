package io.neuralforge.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.Kinds;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.CommandResult;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.testing.TestOperator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Objects stored under an older, looser schema (here: our CRDs without their integer bounds, as the
 * first release had them) that the classes cannot hold: the running operator and a freshly started
 * one keep reconciling everything else, and each such object gets a status and an event naming its
 * field.
 */
@RealCluster
class UnreadableObjectsIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final YAMLMapper YAML = new YAMLMapper();

  /** Kind, name, manifest (namespace filled in) and what the status must say of the field. */
  private record Hostile(String kind, String name, String manifest, String says) {}

  private static final List<Hostile> HOSTILE =
      List.of(
          new Hostile(
              "architectures",
              "huge-shape",
              """
              {"apiVersion": "neuralforge.io/v1alpha1", "kind": "Architecture",
               "metadata": {"name": "huge-shape", "namespace": "%s"},
               "spec": {"inputs": [{"name": "x", "shape": [4, 3000000000]}],
                        "nodes": [{"id": "fc", "type": "Linear", "inputs": ["x"],
                                   "params": {"outFeatures": 3}}], "outputs": ["fc"]}}
              """,
              "spec.inputs[0].shape[1]: 3000000000 is out of range"),
          new Hostile(
              "trainingruns",
              "huge-epochs",
              """
              {"apiVersion": "neuralforge.io/v1alpha1", "kind": "TrainingRun",
               "metadata": {"name": "huge-epochs", "namespace": "%s"},
               "spec": {"architectureRef": {"name": "plain"}, "dataset": {"builtin": "iris"},
                        "hyperparameters": {"epochs": 3000000000}}}
              """,
              "spec.hyperparameters.epochs: 3000000000 is out of range"),
          new Hostile(
              "modelexports",
              "huge-opset",
              """
              {"apiVersion": "neuralforge.io/v1alpha1", "kind": "ModelExport",
               "metadata": {"name": "huge-opset", "namespace": "%s"},
               "spec": {"trainingRunRef": {"name": "huge-epochs"}, "opset": 3000000000}}
              """,
              "spec.opset: 3000000000 is out of range"),
          new Hostile(
              "trainingsweeps",
              "huge-parallel",
              """
              {"apiVersion": "neuralforge.io/v1alpha1", "kind": "TrainingSweep",
               "metadata": {"name": "huge-parallel", "namespace": "%s"},
               "spec": {"template": {"architectureRef": {"name": "plain"},
                                     "dataset": {"builtin": "iris"}},
                        "parameters": [{"path": "hyperparameters.seed", "values": [1, 2]}],
                        "parallelRuns": 3000000000,
                        "objective": {"metric": "validationAccuracy", "goal": "maximize"}}}
              """,
              "spec.parallelRuns: 3000000000 is out of range"),
          // accepted by today's schema too: params are free-form, the API server takes 10,000
          // levels
          new Hostile(
              "architectures",
              "deep-params",
              """
              {"apiVersion": "neuralforge.io/v1alpha1", "kind": "Architecture",
               "metadata": {"name": "deep-params", "namespace": "%s"},
               "spec": {"inputs": [{"name": "x", "shape": [4]}],
                        "nodes": [{"id": "fc", "type": "Linear", "inputs": ["x"],
                                   "params": {"outFeatures": 3, "extra": DEEP}}],
                        "outputs": ["fc"]}}
              """
                  .replace("DEEP", "[".repeat(5000) + "1" + "]".repeat(5000)),
              "spec.nodes[0].params.extra"));

  @Test
  void objectsTheClassesCannotHoldNeverStopTheOperator(
      ControlPlane plane, KubernetesClient client, TestNamespace ns) throws Exception {
    Operator running = TestOperator.start(client);
    try {
      loosenCrds(plane);
      for (Hostile h : HOSTILE) {
        // the API server takes a moment to serve the looser schema
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> create(plane, h.manifest().formatted(ns.name())).exitCode() == 0);
      }
    } finally {
      plane.applyCrds();
    }
    createPlain(client, ns, "plain");
    Await.phase(client, Architecture.class, ns, "plain", s -> s.phase, "Valid", PATIENCE);
    assertNamedUnreadable(client, ns);

    running.stop();
    Operator restarted = TestOperator.start(client);
    try {
      createPlain(client, ns, "after-restart");
      Await.phase(client, Architecture.class, ns, "after-restart", s -> s.phase, "Valid", PATIENCE);
      assertNamedUnreadable(client, ns);
      assertThat(restarted.getRuntimeInfo().allEventSourcesAreHealthy()).isTrue();
    } finally {
      restarted.stop();
    }
  }

  /** Every kind has its unreadable object here: a new kind is covered the day it lands. */
  @Test
  void everyKindHasAnObjectItsClassCannotHold() {
    assertThat(HOSTILE.stream().map(Hostile::kind).distinct())
        .containsExactlyInAnyOrderElementsOf(
            Kinds.ALL.stream().map(HasMetadata::getPlural).toList());
  }

  private static void assertNamedUnreadable(KubernetesClient client, TestNamespace ns) {
    for (Hostile h : HOSTILE) {
      List<Condition> found =
          await().atMost(PATIENCE).until(() -> conditions(client, ns, h), c -> c != null);
      assertThat(found)
          .as(h.name())
          .anySatisfy(
              c -> {
                assertThat(c.getStatus())
                    .isEqualTo(h.kind().equals("architectures") ? "False" : "True");
                assertThat(c.getReason()).isEqualTo(Reasons.UNREADABLE);
                assertThat(c.getMessage()).contains(h.says());
              });
      List<Event> events =
          await()
              .atMost(PATIENCE)
              .until(
                  () ->
                      client.v1().events().inNamespace(ns.name()).list().getItems().stream()
                          .filter(e -> h.name().equals(e.getInvolvedObject().getName()))
                          .filter(e -> Reasons.UNREADABLE.equals(e.getReason()))
                          .toList(),
                  e -> !e.isEmpty());
      assertThat(events.get(0).getMessage()).contains(h.says());
    }
  }

  /** The object's status.conditions, read generically (every kind has them); null before. */
  private static List<Condition> conditions(KubernetesClient client, TestNamespace ns, Hostile h) {
    var kind =
        Kinds.ALL.stream().filter(k -> HasMetadata.getPlural(k).equals(h.kind())).findFirst();
    HasMetadata resource =
        client.resources(kind.orElseThrow()).inNamespace(ns.name()).withName(h.name()).get();
    var status =
        resource == null
            ? null
            : client.getKubernetesSerialization().convertValue(resource, Map.class).get("status");
    if (!(status instanceof Map<?, ?> s) || s.get("conditions") == null) {
      return null;
    }
    return List.of(
        client.getKubernetesSerialization().convertValue(s.get("conditions"), Condition[].class));
  }

  private static void createPlain(KubernetesClient client, TestNamespace ns, String name)
      throws Exception {
    client
        .resource(
            TestManifests.parse(
                client,
                """
                {"apiVersion": "neuralforge.io/v1alpha1", "kind": "Architecture",
                 "metadata": {"name": "%s", "namespace": "%s"},
                 "spec": {"inputs": [{"name": "x", "shape": [4]}],
                          "nodes": [{"id": "fc", "type": "Linear", "inputs": ["x"],
                                     "params": {"outFeatures": 3}}], "outputs": ["fc"]}}
                """
                    .formatted(name, ns.name()),
                Architecture.class))
        .create();
  }

  private static CommandResult create(ControlPlane plane, String manifest) throws Exception {
    return plane.kubectl(manifest, "create", "-f", "-");
  }

  /** Our CRDs as a release without integer bounds had them, applied over the current ones. */
  private static void loosenCrds(ControlPlane plane) throws Exception {
    for (Hostile h : HOSTILE) {
      Path file = plane.repository().resolve("crds/" + h.kind() + ".neuralforge.io.yaml");
      JsonNode crd = YAML.readTree(Files.readString(file));
      withoutIntegerBounds(crd);
      CommandResult applied =
          plane.kubectl(crd.toString(), "apply", "--server-side", "--force-conflicts", "-f", "-");
      assertThat(applied.exitCode()).as(applied.stderr()).isZero();
    }
  }

  private static void withoutIntegerBounds(JsonNode schema) {
    if (schema instanceof ObjectNode object && "integer".equals(object.path("type").asText())) {
      object.remove(List.of("minimum", "maximum", "format"));
    }
    schema.forEach(UnreadableObjectsIT::withoutIntegerBounds);
  }
}
