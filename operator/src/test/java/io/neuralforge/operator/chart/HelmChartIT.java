package io.neuralforge.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.config.PodAllowList;
import io.neuralforge.operator.config.ScratchStorage;
import io.neuralforge.operator.testing.Claims;
import io.neuralforge.operator.testing.CommandResult;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.trainingrun.objects.TrainerJobBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart against the real control plane: lint and render; then installed with its default
 * values, the operator image runs on the real node under the chart's ServiceAccount and takes a
 * TrainingRun and a ModelExport to Succeeded in a namespace enforcing Pod Security "restricted",
 * their pods on the real node too (which shows the chart's RBAC suffices); upgrade and uninstall.
 */
@RealCluster
class HelmChartIT {
  private static final String CHART = "charts/neuralforge-operator";
  private static final String REAL_NODE = "real-0";
  private static final String LEASE = "neuralforge-operator-leader";
  private static final Duration PATIENCE = Duration.ofMinutes(5);

  private static void ok(CommandResult r) {
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
  }

  @Test
  void lintsCleanAndRendersNoWildcardsAndOnlyRestrictedPods(ControlPlane plane) throws Exception {
    ok(plane.helm("lint", "--strict", CHART));
    CommandResult rendered = plane.helm("template", "nf", CHART, "--namespace", "nf");
    ok(rendered);
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        new YAMLMapper().readerFor(JsonNode.class).readValues(rendered.stdout())) {
      it.forEachRemaining(
          d -> {
            if (d != null && !d.isNull() && !d.isEmpty()) {
              docs.add(d);
            }
          });
    }
    for (JsonNode doc : docs) {
      for (JsonNode rule : doc.path("rules")) {
        for (String field : List.of("apiGroups", "resources", "verbs")) {
          rule.path(field)
              .forEach(
                  v -> assertThat(v.asText()).as(doc.path("kind") + " " + field).isNotEqualTo("*"));
        }
        assertThat(rule.path("resources").toString()).doesNotContain("secrets");
      }
      JsonNode pod = doc.at("/spec/template/spec");
      if (!pod.isMissingNode()) {
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/seccompProfile/type").asText())
            .isEqualTo("RuntimeDefault");
        for (JsonNode c : pod.path("containers")) {
          assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
          assertThat(c.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
        }
      }
    }
    CommandResult typo = plane.helm("template", "nf", CHART, "--set", "replicaCount=two");
    assertThat(typo.exitCode()).isNotZero();
    assertThat(typo.stderr()).contains("replicaCount");
  }

  @Test
  void withDefaultValuesGpuRunsGetTheCudaImageAndCpuRunsTheCpuImage(
      ControlPlane plane, @TempDir Path dir) throws Exception {
    CommandResult rendered =
        plane.helm(
            "template",
            "nf",
            CHART,
            "--namespace",
            "nf",
            "--show-only",
            "templates/configmap.yaml");
    ok(rendered);
    JsonNode configMap = new YAMLMapper().readTree(rendered.stdout());
    Path operatorYaml = dir.resolve("operator.yaml");
    Files.writeString(operatorYaml, configMap.at("/data/operator.yaml").asText());
    OperatorSettings settings = OperatorSettings.load(operatorYaml);
    for (String gpu : List.of("t4", "a10g", "any", "none")) {
      TrainingRun run =
          TestManifests.parse(
              plane.client(),
              """
              apiVersion: neuralforge.io/v1alpha1
              kind: TrainingRun
              metadata: {name: r, namespace: nf, uid: 0000-1111}
              spec:
                architectureRef: {name: lenet-bn}
                dataset: {builtin: fashion-mnist}
                resources: {gpu: {type: %s}}
              """
                  .formatted(gpu),
              TrainingRun.class);
      String image =
          TrainerJobBuilder.build(run, "r-graph", null, settings)
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0)
              .getImage();
      assertThat(image)
          .as(gpu)
          .isEqualTo(
              gpu.equals("none")
                  ? "neuralforge/trainer:0.1.0-cpu"
                  : "neuralforge/trainer:0.1.0-cuda");
    }
    // the chart's defaults are the operator's: what spec.pod may set, what scratch may take
    assertThat(settings.podAllowList()).isEqualTo(PodAllowList.defaults());
    assertThat(settings.scratchStorage()).isEqualTo(ScratchStorage.defaults());
  }

  @Test
  void installedWithDefaultsTheOperatorImageTrainsAndExportsOnTheRealNode(
      ControlPlane plane, TestNamespace ns) throws Exception {
    KubernetesClient admin = plane.client();
    // cluster-scoped objects carry the release's name: one release name per test run
    String release = "nf" + ns.name().substring(ns.name().lastIndexOf('-'));
    String deployment = release + "-neuralforge-operator";
    // default values: the operator image, as make images built it, on the real node
    ok(plane.helm("install", release, CHART, "--namespace", ns.name(), "--wait", "--timeout=5m"));
    Pod operatorPod =
        admin
            .pods()
            .inNamespace(ns.name())
            .withLabel("app.kubernetes.io/instance", release)
            .list()
            .getItems()
            .get(0);
    assertThat(operatorPod.getSpec().getNodeName()).isEqualTo(REAL_NODE);
    assertThat(operatorPod.getStatus().getContainerStatuses().get(0).getContainerID())
        .startsWith("containerd://");
    // it elected itself leader under the chart's Role
    await()
        .atMost(PATIENCE)
        .until(
            () -> admin.leases().inNamespace(ns.name()).withName(LEASE).get(),
            lease ->
                lease != null
                    && operatorPod
                        .getMetadata()
                        .getName()
                        .equals(lease.getSpec().getHolderIdentity()));

    String work = ns.name() + "-work";
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(work)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("neuralforge.io/test", "true")
                .endMetadata()
                .build())
        .create();
    try {
      Claims.create(plane, work, "models");
      admin
          .resource(
              TestManifests.example(plane, "architectures/mlp-digits.yaml", Architecture.class))
          .inNamespace(work)
          .create();
      create(
          admin,
          """
          apiVersion: neuralforge.io/v1alpha1
          kind: TrainingRun
          metadata: {name: digits, namespace: %s}
          spec:
            architectureRef: {name: mlp-digits}
            dataset: {builtin: digits}
            hyperparameters: {epochs: 3}
            resources: {gpu: {type: none}, cpu: "1", memory: 2Gi}
            output: {pvc: {claimName: models}}
          """
              .formatted(work),
          TrainingRun.class);
      await()
          .atMost(PATIENCE)
          .until(
              () -> admin.resources(TrainingRun.class).inNamespace(work).withName("digits").get(),
              r -> r.getStatus() != null && "Succeeded".equals(r.getStatus().phase));
      create(
          admin,
          """
          apiVersion: neuralforge.io/v1alpha1
          kind: ModelExport
          metadata: {name: digits-onnx, namespace: %s}
          spec:
            trainingRunRef: {name: digits}
          """
              .formatted(work),
          ModelExport.class);
      ModelExport exported =
          await()
              .atMost(PATIENCE)
              .until(
                  () ->
                      admin
                          .resources(ModelExport.class)
                          .inNamespace(work)
                          .withName("digits-onnx")
                          .get(),
                  e -> e.getStatus() != null && "Succeeded".equals(e.getStatus().phase));
      assertThat(exported.getStatus().validation.passed).isTrue();
      // the trainer and the exporter ran in containers on the real node too
      assertThat(admin.pods().inNamespace(work).list().getItems())
          .hasSize(2)
          .allSatisfy(
              p -> {
                assertThat(p.getSpec().getNodeName()).isEqualTo(REAL_NODE);
                assertThat(p.getStatus().getContainerStatuses().get(0).getContainerID())
                    .startsWith("containerd://");
              });
    } finally {
      admin.namespaces().withName(work).delete();
    }

    ok(plane.helm("upgrade", release, CHART, "--namespace", ns.name(), "--set", "replicaCount=2"));
    assertThat(
            admin
                .apps()
                .deployments()
                .inNamespace(ns.name())
                .withName(deployment)
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(2);
    ok(plane.helm("uninstall", release, "--namespace", ns.name()));
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(
                      admin.apps().deployments().inNamespace(ns.name()).withName(deployment).get())
                  .isNull();
              assertThat(admin.rbac().clusterRoles().withName(deployment).get()).isNull();
            });
    // Helm leaves CRDs (and so everyone's resources) in place
    assertThat(
            admin
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("trainingruns.neuralforge.io")
                .get())
        .isNotNull();
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void create(
      KubernetesClient client, String yaml, Class<T> type) throws IOException {
    client.resource(TestManifests.parse(client, yaml, type)).create();
  }
}
