package io.neuralforge.operator.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.Operator;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.ArchitectureSpec;
import io.neuralforge.api.v1alpha1.LayerNode;
import io.neuralforge.api.v1alpha1.ModelInput;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.operator.OperatorMain;
import io.neuralforge.operator.events.KubernetesEventSink;
import io.neuralforge.operator.testing.CommandResult;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Architecture reconciler against a real API server: status, events, deletion, schema. */
@RealCluster
class ArchitectureReconcilerIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static Operator operator;

  @BeforeAll
  static void startOperator(KubernetesClient client) {
    operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
    operator.register(
        new ArchitectureReconciler(
            new KubernetesEventSink(client, OperatorMain.COMPONENT), Clock.systemUTC()));
    operator.start();
  }

  @AfterAll
  static void stopOperator() {
    operator.stop();
  }

  private static Architecture load(ControlPlane plane, String example) throws IOException {
    return TestManifests.example(plane, "architectures/" + example, Architecture.class);
  }

  private static Architecture awaitStatus(
      Resource<Architecture> resource, long generation, String phase) {
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              Architecture a = resource.get();
              return a != null
                  && a.getStatus() != null
                  && a.getStatus().observedGeneration != null
                  && a.getStatus().observedGeneration == generation
                  && phase.equals(a.getStatus().phase);
            });
    return resource.get();
  }

  @Test
  void everyExampleBecomesValidWithItsCounts(ControlPlane plane, TestNamespace ns)
      throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(plane.repository().resolve("examples/architectures"))) {
      examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    List<Architecture> applied = new ArrayList<>();
    for (Path example : examples) {
      Architecture a = load(plane, example.getFileName().toString());
      applied.add(plane.client().resource(a).inNamespace(ns.name()).create());
    }
    for (Architecture a : applied) {
      Resource<Architecture> resource =
          plane
              .client()
              .resources(Architecture.class)
              .inNamespace(ns.name())
              .withName(a.getMetadata().getName());
      Architecture done = awaitStatus(resource, 1, "Valid");
      ValidationResult expected = ArchitectureValidation.validate(a);
      assertThat(done.getStatus().parameterCount).isEqualTo(expected.parameterCount());
      assertThat(done.getStatus().macs).isEqualTo(expected.macs());
      assertThat(done.getStatus().graphHash).startsWith("sha256:");
      assertThat(done.getStatus().conditions)
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.getType()).isEqualTo("Valid");
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getObservedGeneration()).isEqualTo(1L);
              });
      // the status is written by our field manager, with server-side apply
      assertThat(done.getMetadata().getManagedFields())
          .anySatisfy(
              f -> {
                assertThat(f.getOperation()).isEqualTo("Apply");
                assertThat(f.getSubresource()).isEqualTo("status");
              });
    }
  }

  @Test
  void editsAreFollowedAndBreakageIsAWarningEvent(ControlPlane plane, TestNamespace ns)
      throws IOException {
    KubernetesClient client = plane.client();
    Architecture lenet =
        client.resource(load(plane, "lenet-bn.yaml")).inNamespace(ns.name()).create();
    Resource<Architecture> resource =
        client.resources(Architecture.class).inNamespace(ns.name()).withName("lenet-bn");
    String validSince =
        awaitStatus(resource, 1, "Valid").getStatus().conditions.get(0).getLastTransitionTime();

    resource.edit(
        a -> {
          a.getSpec().nodes.stream()
              .filter(n -> n.id.equals("fc1"))
              .forEach(n -> n.params.put("outFeatures", 256));
          return a;
        });
    Architecture wider = awaitStatus(resource, 2, "Valid");
    assertThat(wider.getStatus().parameterCount).isGreaterThan(421_834L);
    assertThat(wider.getStatus().conditions.get(0).getLastTransitionTime()).isEqualTo(validSince);

    resource.edit(
        a -> {
          a.getSpec().nodes.stream()
              .filter(n -> n.id.equals("conv2"))
              .forEach(n -> n.params.put("kernelSize", 40));
          return a;
        });
    Architecture broken = awaitStatus(resource, 3, "Invalid");
    assertThat(broken.getStatus().errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.node).isEqualTo("conv2");
              assertThat(e.message).contains("non-positive");
            });
    assertThat(broken.getStatus().conditions.get(0).getStatus()).isEqualTo("False");
    assertThat(broken.getStatus().conditions.get(0).getObservedGeneration()).isEqualTo(3L);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              List<Event> events = client.v1().events().inNamespace(ns.name()).list().getItems();
              assertThat(events)
                  .anySatisfy(
                      e -> {
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getReason()).isEqualTo("GraphInvalid");
                        assertThat(e.getInvolvedObject().getName()).isEqualTo("lenet-bn");
                        assertThat(e.getInvolvedObject().getUid())
                            .isEqualTo(lenet.getMetadata().getUid());
                        assertThat(e.getMessage()).contains("node conv2");
                      });
            });

    resource.delete();
    await().atMost(PATIENCE).until(() -> resource.get() == null);
  }

  @Test
  void twoThousandNodesFitOneObject(ControlPlane plane, TestNamespace ns) {
    Architecture big = new Architecture();
    big.getMetadata().setName("deep-mlp");
    big.setSpec(residualChain(500));
    plane.client().resource(big).inNamespace(ns.name()).create();
    Resource<Architecture> resource =
        plane.client().resources(Architecture.class).inNamespace(ns.name()).withName("deep-mlp");
    Architecture done = awaitStatus(resource, 1, "Valid");
    assertThat(done.getStatus().nodes).hasSize(2000);
    assertThat(done.getStatus().parameterCount).isEqualTo(500L * (64 * 64 + 64 + 128));
    int bytes =
        plane
            .client()
            .getKubernetesSerialization()
            .asJson(done)
            .getBytes(StandardCharsets.UTF_8)
            .length;
    assertThat(bytes).as("object size").isLessThan(1_000_000);
  }

  @Test
  void theApiServerRejectsManifestsThatBreakTheSchema(ControlPlane plane, TestNamespace ns)
      throws Exception {
    String valid =
        Files.readString(plane.repository().resolve("examples/architectures/mlp-digits.yaml"));
    assertRejected(
        plane, ns, valid.replace("id: fc1", "id: FC_1"), "spec.nodes[0].id", "should match");
    assertRejected(
        plane,
        ns,
        valid.replaceAll("(?m)^  outputs:.*\\n(    - .*\\n)*", ""),
        "spec.outputs",
        "Required value");
    assertRejected(
        plane,
        ns,
        valid.replace("shape: [64]", "shape: [\"x\"]"),
        "spec.inputs[0].shape[0]",
        "integer");
    assertRejected(
        plane,
        ns,
        valid.replace("type: Linear", "type: null"),
        "spec.nodes[0].type",
        "Required value");

    Architecture tooBig = new Architecture();
    tooBig.getMetadata().setName("too-big");
    tooBig.setSpec(residualChain(501));
    String json = plane.client().getKubernetesSerialization().asJson(tooBig);
    assertRejected(plane, ns, json, "spec.nodes", "must have at most 2000 items");
  }

  private static void assertRejected(
      ControlPlane plane, TestNamespace ns, String manifest, String field, String why)
      throws Exception {
    CommandResult result = plane.kubectl(manifest, "apply", "-n", ns.name(), "-f", "-");
    assertThat(result.exitCode()).as(result.stdout()).isNotZero();
    assertThat(result.stderr()).contains(field).contains(why);
  }

  /** {@code blocks} residual blocks of four nodes on a 64-feature input. */
  private static ArchitectureSpec residualChain(int blocks) {
    ArchitectureSpec spec = new ArchitectureSpec();
    ModelInput input = new ModelInput();
    input.name = "x";
    input.shape = List.of(64);
    spec.inputs = List.of(input);
    spec.nodes = new ArrayList<>();
    String x = "x";
    for (int i = 0; i < blocks; i++) {
      String fc = add(spec, "fc" + i, "Linear", List.of(x), Map.of("outFeatures", 64));
      String norm = add(spec, "norm" + i, "LayerNorm", List.of(fc), null);
      String act = add(spec, "act" + i, "GELU", List.of(norm), null);
      x = add(spec, "add" + i, "Add", List.of(x, act), null);
    }
    spec.outputs = List.of(x);
    return spec;
  }

  private static String add(
      ArchitectureSpec spec,
      String id,
      String type,
      List<String> inputs,
      Map<String, Object> params) {
    LayerNode node = new LayerNode();
    node.id = id;
    node.type = type;
    node.inputs = inputs;
    node.params = params == null ? null : new java.util.HashMap<>(params);
    spec.nodes.add(node);
    return id;
  }
}
