package io.neuralforge.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.Kinds;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.testing.WithOperator;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Numbers the API server accepts are numbers the operator can read: every integer field of every
 * kind's CRD (found in the generated schemas, not listed here) refuses a value one above the range
 * of the Java type the operator reads it into, naming the field; and objects at the edges of what
 * is accepted leave the operator reconciling everything else.
 */
@RealCluster
@WithOperator
class HostileInputIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** A valid object of each kind, to which one out-of-range field is added at a time. */
  private static final Map<String, String> BASE =
      Map.of(
          "architectures",
          """
          {"apiVersion": "neuralforge.io/v1alpha1", "kind": "Architecture",
           "spec": {"inputs": [{"name": "x", "shape": [4]}],
                    "nodes": [{"id": "fc", "type": "Linear", "inputs": ["x"],
                               "params": {"outFeatures": 3}}],
                    "outputs": ["fc"]}}
          """,
          "trainingruns",
          """
          {"apiVersion": "neuralforge.io/v1alpha1", "kind": "TrainingRun",
           "spec": {"architectureRef": {"name": "a"}, "dataset": {"builtin": "iris"}}}
          """,
          "modelexports",
          """
          {"apiVersion": "neuralforge.io/v1alpha1", "kind": "ModelExport",
           "spec": {"trainingRunRef": {"name": "r"}}}
          """,
          "trainingsweeps",
          """
          {"apiVersion": "neuralforge.io/v1alpha1", "kind": "TrainingSweep",
           "spec": {"template": {"architectureRef": {"name": "a"}, "dataset": {"builtin": "iris"}},
                    "parameters": [{"path": "hyperparameters.epochs", "values": [1, 2]}],
                    "algorithm": "grid", "maxRuns": 2, "parallelRuns": 1,
                    "objective": {"metric": "validationAccuracy", "goal": "maximize"}}}
          """);

  /**
   * Of each kind, specs at the edges of what the API server accepts (the largest numbers, the wrong
   * types where values are free-form, deep values), each of which the operator must read and judge
   * in a status while it goes on reconciling the rest.
   */
  private static final Map<String, List<String>> EDGES =
      Map.of(
          "architectures",
          List.of(
              // the largest shape and width the schema accepts: counts beyond any long
              "{inputs: [{name: x, shape: [2147483647, 2147483647]}], nodes: [{id: fc, type:"
                  + " Linear, inputs: [x], params: {outFeatures: 2147483647}}], outputs: [fc]}",
              // params are free-form: a float, a string and a list where integers belong
              "{inputs: [{name: x, shape: [4]}], nodes: [{id: a, type: Linear, inputs: [x],"
                  + " params: {outFeatures: 1.5}}, {id: b, type: Conv2d, inputs: [a],"
                  + " params: {outChannels: many, kernelSize: [[3]]}}], outputs: [b]}",
              // deep params
              "{inputs: [{name: x, shape: [4]}], nodes: [{id: fc, type: Linear, inputs: [x],"
                  + " params: {outFeatures: 3, extra: {a: {b: {c: {d: {e: {f: [[[[1]]]]}}}}}}}}],"
                  + " outputs: [fc]}"),
          "trainingruns",
          List.of(
              // the largest numbers a run accepts, for an Architecture that does not exist
              "{architectureRef: {name: nowhere}, dataset: {builtin: iris},"
                  + " hyperparameters: {epochs: 100000, batchSize: 65536},"
                  + " runPolicy: {suspend: true}}"),
          "modelexports",
          List.of("{trainingRunRef: {name: nowhere}}"),
          "trainingsweeps",
          List.of(
              // values of every type where a number belongs, and a deep one
              "{template: {architectureRef: {name: nowhere}, dataset: {builtin: iris},"
                  + " runPolicy: {suspend: true}},"
                  + " parameters: [{path: hyperparameters.epochs,"
                  + " values: [1.5, many, [[[[1]]]], {a: {b: {c: 1}}}]}],"
                  + " algorithm: grid, maxRuns: 4, parallelRuns: 1,"
                  + " objective: {metric: validationAccuracy, goal: maximize}}"));

  @Test
  void everyKindHasAValidBaseAndEdges() {
    for (var kind : Kinds.ALL) {
      String plural = HasMetadata.getPlural(kind);
      assertThat(BASE).as("a valid %s to make hostile", kind.getSimpleName()).containsKey(plural);
      assertThat(EDGES).as("edges of %s", kind.getSimpleName()).containsKey(plural);
    }
  }

  /** An integer field of a spec: its path (arrays as []) and its schema. */
  private record IntegerField(String path, JsonNode schema) {}

  private static void integers(String path, JsonNode schema, List<IntegerField> found) {
    if ("integer".equals(schema.path("type").asText())) {
      found.add(new IntegerField(path, schema));
    }
    schema
        .path("properties")
        .fields()
        .forEachRemaining(e -> integers(path + "." + e.getKey(), e.getValue(), found));
    if (schema.has("items")) {
      integers(path + "[]", schema.path("items"), found);
    }
  }

  /** Sets {@code path} (relative to the object, arrays as []: their first element) to value. */
  private static void set(ObjectNode object, String path, JsonNode value) {
    String[] parts = path.split("\\.");
    JsonNode node = object;
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      String name = parts[i].replace("[]", "");
      int depth = (parts[i].length() - name.length()) / 2;
      ObjectNode parent = (ObjectNode) node;
      if (depth == 0) {
        if (last) {
          parent.set(name, value);
          return;
        }
        if (!parent.path(name).isObject()) {
          parent.set(name, JSON.objectNode());
        }
        node = parent.get(name);
        continue;
      }
      ArrayNode array = JSON.arrayNode();
      if (last) {
        array.add(value);
        parent.set(name, array);
        return;
      }
      JsonNode first = parent.path(name).path(0);
      array.add(first.isObject() ? first.deepCopy() : JSON.objectNode());
      parent.set(name, array);
      node = array.get(0);
    }
  }

  @Test
  void everyIntegerFieldRefusesWhatTheOperatorCouldNotHoldAndSaysWhichField(
      ControlPlane plane, KubernetesClient client, TestNamespace ns) throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    int checked = 0;
    for (var kind : Kinds.ALL) {
      String plural = HasMetadata.getPlural(kind);
      JsonNode crd =
          yaml.readTree(
              Files.readString(
                  plane.repository().resolve("crds/" + plural + ".neuralforge.io.yaml")));
      JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
      List<IntegerField> fields = new ArrayList<>();
      integers("spec", spec, fields);
      assertThat(fields).as(plural).isNotEmpty();
      for (IntegerField field : fields) {
        assertThat(field.schema().has("maximum")).as(field.path()).isTrue();
        BigInteger tooBig =
            new java.math.BigDecimal(field.schema().path("maximum").asText())
                .toBigInteger()
                .add(BigInteger.ONE);
        ObjectNode object = (ObjectNode) yaml.readTree(BASE.get(plural));
        object.set(
            "metadata",
            JSON.objectNode().put("name", "hostile-" + checked).put("namespace", ns.name()));
        set(object, field.path(), JSON.numberNode(tooBig));
        GenericKubernetesResource resource =
            TestManifests.parse(client, object.toString(), GenericKubernetesResource.class);
        String where = field.path().replace("[]", "[0]");
        assertThatThrownBy(() -> client.resource(resource).create())
            .as(field.path())
            .isInstanceOf(KubernetesClientException.class)
            .hasMessageContaining(where)
            .hasMessageContaining("less than or equal to");
        checked++;
      }
    }
    System.out.printf("hostile input: %d integer fields refuse a value out of range%n", checked);
  }

  @Test
  void stringsListsAndParamsHaveAMaximumSize(KubernetesClient client, TestNamespace ns)
      throws IOException {
    Map<String, String> tooBig =
        Map.of(
            "spec.description",
            "{\"description\": \"" + "d".repeat(1025) + "\"}",
            "spec.nodes[0].inputs",
            "{\"nodes\": [{\"id\": \"fc\", \"type\": \"Linear\", \"inputs\": "
                + JSON.arrayNode().addAll(java.util.Collections.nCopies(257, JSON.textNode("x")))
                + "}]}",
            "spec.nodes[0].params",
            "{\"nodes\": [{\"id\": \"fc\", \"type\": \"Linear\", \"inputs\": [\"x\"],"
                + " \"params\": "
                + manyKeys(65)
                + "}]}");
    YAMLMapper yaml = new YAMLMapper();
    int i = 0;
    for (var field : tooBig.entrySet()) {
      ObjectNode object = (ObjectNode) yaml.readTree(BASE.get("architectures"));
      object.set(
          "metadata", JSON.objectNode().put("name", "too-big-" + i++).put("namespace", ns.name()));
      ((ObjectNode) object.get("spec")).setAll((ObjectNode) yaml.readTree(field.getValue()));
      GenericKubernetesResource resource =
          TestManifests.parse(client, object.toString(), GenericKubernetesResource.class);
      assertThatThrownBy(() -> client.resource(resource).create())
          .as(field.getKey())
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining(field.getKey())
          .hasMessageContaining("Too ");
    }
  }

  private static ObjectNode manyKeys(int keys) {
    ObjectNode params = JSON.objectNode();
    for (int k = 0; k < keys; k++) {
      params.put("k" + k, k);
    }
    return params;
  }

  @Test
  void objectsAtTheEdgesOfWhatIsAcceptedLeaveTheOperatorReconcilingTheRest(
      KubernetesClient client, TestNamespace ns) {
    List<GenericKubernetesResource> created = new ArrayList<>();
    for (var kind : Kinds.ALL) {
      String plural = HasMetadata.getPlural(kind);
      List<String> edges = EDGES.get(plural);
      for (int i = 0; i < edges.size(); i++) {
        created.add(
            client
                .resource(
                    TestManifests.parse(
                        client,
                        """
                        apiVersion: neuralforge.io/v1alpha1
                        kind: %s
                        metadata: {name: edge-%d, namespace: %s}
                        spec: %s
                        """
                            .formatted(HasMetadata.getKind(kind), i, ns.name(), edges.get(i)),
                        GenericKubernetesResource.class))
                .create());
      }
    }
    TestManifests.createLinear(client, ns, "plain");
    Await.phase(client, Architecture.class, ns, "plain", s -> s.phase, "Valid", PATIENCE);
    // each edge was read and judged: a status for its generation (whether the validator's
    // verdict on it is PyTorch's is another test's question)
    for (GenericKubernetesResource edge : created) {
      String what = edge.getKind() + " " + edge.getMetadata().getName();
      GenericKubernetesResource judged =
          await()
              .atMost(PATIENCE)
              .until(
                  () -> client.resource(edge).get(),
                  r ->
                      r.getAdditionalProperties().get("status") instanceof Map<?, ?> status
                          && status.get("observedGeneration") != null);
      assertThat(((Map<?, ?>) judged.getAdditionalProperties().get("status")).get("phase"))
          .as(what)
          .isNotNull();
    }
  }
}
