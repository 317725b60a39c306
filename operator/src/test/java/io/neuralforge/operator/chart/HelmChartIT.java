package io.neuralforge.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.OutputLocation;
import io.neuralforge.api.v1alpha1.PvcOutput;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.OperatorMain;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.metrics.OperatorMetrics;
import io.neuralforge.operator.testing.Claims;
import io.neuralforge.operator.testing.CommandResult;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart against the real control plane: lint, render, install, upgrade and uninstall; then
 * the operator runs here as the chart's ServiceAccount (impersonated) through a TrainingRun and a
 * ModelExport in a namespace enforcing Pod Security "restricted", which shows its RBAC suffices.
 */
@RealCluster
class HelmChartIT {
  private static final String CHART = "charts/neuralforge-operator";
  private static final Duration PATIENCE = Duration.ofSeconds(90);

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
  void installsUpgradesUninstallsAndItsRbacRunsATrainingRunAndAnExport(
      ControlPlane plane, TestNamespace ns) throws Exception {
    KubernetesClient admin = plane.client();
    // cluster-scoped objects carry the release's name: one release name per test run
    String release = "nf" + ns.name().substring(ns.name().lastIndexOf('-'));
    ok(plane.helm("install", release, CHART, "--namespace", ns.name(), "--wait=false"));
    String deployment = release + "-neuralforge-operator";
    // the restricted namespace admits the operator's pod (kwok plays its kubelet)
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                !admin
                    .pods()
                    .inNamespace(ns.name())
                    .withLabel("app.kubernetes.io/instance", release)
                    .list()
                    .getItems()
                    .isEmpty());
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
    Config config = Config.fromKubeconfig(Files.readString(plane.kubeconfig()));
    config.setImpersonateUsername("system:serviceaccount:" + ns.name() + ":" + deployment);
    config.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + ns.name());
    try (KubernetesClient asChart = new KubernetesClientBuilder().withConfig(config).build()) {
      OutputLocation output = new OutputLocation();
      output.pvc = new PvcOutput();
      output.pvc.claimName = "models";
      OperatorSettings settings =
          new OperatorSettings(null, null, null, output, null, null, null, null, null);
      Operator operator =
          OperatorMain.create(
              asChart,
              settings,
              new OperatorMetrics(new PrometheusRegistry()),
              Set.of(),
              OperatorMain.leaderElection(ns.name(), false));
      operator.start();
      try {
        Claims.create(admin, work, "models");
        admin
            .resource(
                TestManifests.example(plane, "architectures/lenet-bn.yaml", Architecture.class))
            .inNamespace(work)
            .create();
        create(
            admin,
            """
            apiVersion: neuralforge.io/v1alpha1
            kind: TrainingRun
            metadata: {name: lenet, namespace: %s}
            spec:
              architectureRef: {name: lenet-bn}
              dataset: {builtin: fashion-mnist}
              resources: {gpu: {type: t4}}
            """
                .formatted(work),
            TrainingRun.class);
        await()
            .atMost(PATIENCE)
            .until(
                () -> admin.resources(TrainingRun.class).inNamespace(work).withName("lenet").get(),
                r -> r.getStatus() != null && "Succeeded".equals(r.getStatus().phase));
        create(
            admin,
            """
            apiVersion: neuralforge.io/v1alpha1
            kind: ModelExport
            metadata: {name: lenet-onnx, namespace: %s}
            spec:
              trainingRunRef: {name: lenet}
            """
                .formatted(work),
            ModelExport.class);
        await()
            .atMost(PATIENCE)
            .until(
                () ->
                    admin
                        .resources(ModelExport.class)
                        .inNamespace(work)
                        .withName("lenet-onnx")
                        .get(),
                e -> e.getStatus() != null && "Succeeded".equals(e.getStatus().phase));
        // leader election ran under the chart's Role
        assertThat(
                admin.leases().inNamespace(ns.name()).withName("neuralforge-operator-leader").get())
            .isNotNull();
      } finally {
        operator.stop();
        admin.namespaces().withName(work).delete();
      }
    }

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
