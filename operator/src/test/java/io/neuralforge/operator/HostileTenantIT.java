package io.neuralforge.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.operator.testing.Await;
import io.neuralforge.operator.testing.CommandResult;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.OperatorProcess;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.Tenants;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.neuralforge.operator.trainingrun.objects.RunNames;
import io.neuralforge.operator.workload.WorkloadNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tenant with Kubernetes' {@code edit} role in their namespace, and so with their trainer's
 * token, does their worst: what they write is refused with the field named, or judged in their own
 * statuses; the operator, at the heap the chart gives it, keeps reconciling the other namespace;
 * what the operator decides does not follow a status they forged or a pod they labelled.
 */
@RealCluster
class HostileTenantIT {
  private static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String CHART_HEAP = "-Xmx768m";

  @Test
  void aTenantsWorstObjectsLeaveTheOperatorReconcilingOtherNamespaces(
      ControlPlane plane, KubernetesClient admin, TestNamespace other) throws Exception {
    Tenants.ourKindsInTheDefaultRoles(plane);
    TestNamespace hostile = Tenants.namespace(admin, "hostile");
    Path logs = Files.createTempDirectory("hostile-tenant");
    try (KubernetesClient tenant = Tenants.editor(admin, hostile)) {
      assertThatThrownBy(() -> tenant.resources(TrainingRun.class).inNamespace(other.name()).list())
          .as("a tenant reads nothing of another namespace")
          .isInstanceOf(KubernetesClientException.class)
          .extracting(e -> ((KubernetesClientException) e).getCode())
          .isEqualTo(403);
      boolean hugeAccepted = attempt(() -> tenant.resource(hugeArchitecture(hostile)).create());
      boolean gridAccepted =
          attempt(
              () ->
                  TestManifests.create(
                      tenant,
                      TrainingSweep.class,
                      """
                      apiVersion: neuralforge.io/v1alpha1
                      kind: TrainingSweep
                      metadata: {name: endless-grid, namespace: %s}
                      spec:
                        template: {architectureRef: {name: linear}, dataset: {builtin: iris},
                                   runPolicy: {suspend: true}}
                        parameters:
                        - {path: hyperparameters.epochs, values: %s}
                        - {path: hyperparameters.batchSize, values: %s}
                        - {path: seed, values: %s}
                        algorithm: grid
                        parallelRuns: 1
                        objective: {metric: validationAccuracy, goal: maximize}
                      """,
                      hostile.name(),
                      range(32),
                      range(32),
                      range(32)));
      String longName = "s".repeat(62);
      TestManifests.create(
          tenant,
          TrainingSweep.class,
          """
          apiVersion: neuralforge.io/v1alpha1
          kind: TrainingSweep
          metadata: {name: %s, namespace: %s}
          spec:
            template: {architectureRef: {name: linear}, dataset: {builtin: iris},
                       runPolicy: {suspend: true}}
            parameters: [{path: hyperparameters.epochs, values: [1, 2]}]
            algorithm: grid
            maxRuns: 2
            parallelRuns: 1
            objective: {metric: validationAccuracy, goal: maximize}
          """,
          longName,
          hostile.name());
      TestManifests.createLinear(tenant, hostile, "linear");
      TestManifests.create(
          tenant,
          TrainingRun.class,
          """
          apiVersion: neuralforge.io/v1alpha1
          kind: TrainingRun
          metadata: {name: everywhere, namespace: %s}
          spec:
            architectureRef: {name: linear}
            dataset: {builtin: iris}
            pod: {tolerations: [{operator: Exists}]}
          """,
          hostile.name());

      // the operator starts with all of it in its caches, at the chart's heap
      OperatorProcess operator =
          OperatorProcess.start(plane, logs.resolve("operator.log"), CHART_HEAP);
      try {
        TestManifests.createLinear(admin, other, "theirs");
        Await.phase(admin, Architecture.class, other, "theirs", s -> s.phase, "Valid", PATIENCE);
        if (hugeAccepted) {
          Await.until(
              admin,
              Architecture.class,
              hostile,
              "huge",
              a -> a.getStatus() != null && a.getStatus().phase != null,
              PATIENCE);
        }
        if (gridAccepted) {
          TrainingSweep grid =
              Await.phase(
                  admin,
                  TrainingSweep.class,
                  hostile,
                  "endless-grid",
                  s -> s.phase,
                  Phases.FAILED,
                  PATIENCE);
          assertThat(grid.getStatus().conditions.toString()).contains("maxRuns");
        }
        assertThat(runsOf(admin, hostile, "endless-grid")).as("runs of the endless grid").isEmpty();
        TrainingSweep tooLong =
            Await.phase(
                admin,
                TrainingSweep.class,
                hostile,
                longName,
                s -> s.phase,
                Phases.FAILED,
                PATIENCE);
        assertThat(tooLong.getStatus().conditions.toString()).contains("name");
        assertThat(runsOf(admin, hostile, longName)).isEmpty();
        TrainingRun everywhere =
            Await.phase(
                admin,
                TrainingRun.class,
                hostile,
                "everywhere",
                s -> s.phase,
                Phases.FAILED,
                PATIENCE);
        assertThat(everywhere.getStatus().conditions.toString())
            .contains("spec.pod.tolerations[0]");
        assertThat(jobsOf(admin, hostile, "everywhere")).isEmpty();
      } finally {
        operator.kill();
      }
    } finally {
      admin.namespaces().withName(hostile.name()).delete();
    }
  }

  @Test
  void aStatusForgedWithTheTrainersTokenChangesNothingTheOperatorDecides(
      ControlPlane plane, KubernetesClient admin, TestNamespace ns) throws Exception {
    Path logs = Files.createTempDirectory("hostile-tenant");
    Tenants.ourKindsInTheDefaultRoles(plane);
    OperatorProcess operator = OperatorProcess.start(plane, logs.resolve("operator.log"));
    try (KubernetesClient tenant = Tenants.editor(admin, ns)) {
      TestManifests.createLinear(tenant, ns, "linear");
      TestManifests.create(
          tenant,
          TrainingRun.class,
          """
          apiVersion: neuralforge.io/v1alpha1
          kind: TrainingRun
          metadata: {name: forged, namespace: %s}
          spec:
            architectureRef: {name: linear}
            dataset: {builtin: iris}
            resources: {cpu: 100m, memory: 64Mi}
            runPolicy: {ttlSecondsAfterFinished: 0}
            pod:
              annotations: {neuralforge.io/kwok-outcome: run}
              nodeSelector: {kubernetes.io/hostname: cpu-0}
              tolerations: [{key: kwok.x-k8s.io/node, operator: Exists, effect: NoSchedule}]
          """,
          ns.name());
      TrainingRun running =
          Await.phase(
              admin, TrainingRun.class, ns, "forged", s -> s.phase, Phases.RUNNING, PATIENCE);
      String startTime = running.getStatus().startTime;
      Job job = jobsOf(admin, ns, "forged").get(0);

      // the trainer's Role may patch its run's status and nothing else, a JSON merge patch
      CommandResult forged =
          plane.kubectl(
              null,
              "patch",
              "trainingrun",
              "forged",
              "--namespace=" + ns.name(),
              "--subresource=status",
              "--type=merge",
              "--as=system:serviceaccount:" + ns.name() + ":" + RunNames.trainerAccess(running),
              "--as-group=system:serviceaccounts",
              "--as-group=system:serviceaccounts:" + ns.name(),
              "--as-group=system:authenticated",
              "--patch="
                  + "{\"status\": {\"phase\": \"Succeeded\","
                  + " \"completionTime\": \"yesterday, around noon\", \"startTime\": null,"
                  + " \"gpuHours\": 1000}}");
      assertThat(forged.exitCode()).as(forged.stderr()).isZero();
      // a finished run with a TTL of 0 would lose its Job at once: this one is not finished
      await()
          .during(Duration.ofSeconds(15))
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                List<Job> jobs = jobsOf(admin, ns, "forged");
                assertThat(jobs).as("the run's Job").hasSize(1);
                assertThat(jobs.get(0).getMetadata().getUid())
                    .isEqualTo(job.getMetadata().getUid());
                assertThat(jobs.get(0).getSpec().getSuspend()).isNotEqualTo(Boolean.TRUE);
              });
      // and what the operator writes is the Job's and the pods' again (a field it does not write
      // while a run is running, such as completionTime, keeps what the tenant wrote there: server-
      // side apply leaves another manager's fields; nothing reads it while the Job exists)
      TrainingRun rederived =
          Await.phase(
              admin, TrainingRun.class, ns, "forged", s -> s.phase, Phases.RUNNING, PATIENCE);
      assertThat(rederived.getStatus().startTime).isEqualTo(startTime);
      assertThat(rederived.getStatus().gpuHours).isNotEqualTo(1000.0);

      // a pod of the tenant's own, labelled as the run's trainer, failing at once: not the run's
      TestManifests.create(
          tenant,
          Pod.class,
          """
          apiVersion: v1
          kind: Pod
          metadata:
            name: impostor
            namespace: %s
            labels: {%s: forged, %s: %s}
            annotations: {neuralforge.io/kwok-outcome: fail}
          spec:
            nodeName: cpu-0
            restartPolicy: Never
            tolerations: [{key: kwok.x-k8s.io/node, operator: Exists, effect: NoSchedule}]
            securityContext: {runAsNonRoot: true, runAsUser: 65532, seccompProfile: {type: RuntimeDefault}}
            containers:
            - name: trainer
              image: neuralforge/trainer:0.1.0-cpu
              securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
          """,
          ns.name(),
          Labels.TRAINING_RUN,
          WorkloadNames.MANAGED_BY,
          WorkloadNames.OPERATOR);
      await()
          .during(Duration.ofSeconds(15))
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                TrainingRun run =
                    admin
                        .resources(TrainingRun.class)
                        .inNamespace(ns.name())
                        .withName("forged")
                        .get();
                assertThat(run.getStatus().phase).isEqualTo(Phases.RUNNING);
                assertThat(run.getStatus().failure).isNull();
              });
    } finally {
      operator.kill();
    }
  }

  /** One Architecture of 316 KB: a 16 KiB key over 100,000 zeros. */
  private static GenericKubernetesResource hugeArchitecture(TestNamespace ns) {
    ObjectNode params = JSON.objectNode().put("outFeatures", 3);
    params.set(
        "k".repeat(16 * 1024),
        JSON.arrayNode().addAll(Collections.nCopies(100_000, JSON.numberNode(0))));
    ObjectNode node = JSON.objectNode().put("id", "fc").put("type", "Linear");
    node.set("inputs", JSON.arrayNode().add("x"));
    node.set("params", params);
    ObjectNode spec = JSON.objectNode();
    spec.set(
        "inputs",
        JSON.arrayNode()
            .add(JSON.objectNode().put("name", "x").set("shape", JSON.arrayNode().add(4))));
    spec.set("nodes", JSON.arrayNode().add(node));
    spec.set("outputs", JSON.arrayNode().add("fc"));
    GenericKubernetesResource huge = new GenericKubernetesResource();
    huge.setApiVersion("neuralforge.io/v1alpha1");
    huge.setKind("Architecture");
    huge.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("huge")
            .withNamespace(ns.name())
            .build());
    huge.setAdditionalProperty("spec", spec);
    return huge;
  }

  /**
   * Whether the API server took the object; a refusal must name the field it refuses (a spec
   * field), not fail for any other reason.
   */
  private static boolean attempt(Runnable create) {
    try {
      create.run();
      return true;
    } catch (KubernetesClientException refused) {
      assertThat(refused.getCode()).as(refused.getMessage()).isEqualTo(422);
      assertThat(refused.getMessage()).contains("spec.");
      return false;
    }
  }

  private static String range(int n) {
    return java.util.stream.IntStream.rangeClosed(1, n)
        .mapToObj(Integer::toString)
        .toList()
        .toString();
  }

  private static List<TrainingRun> runsOf(KubernetesClient admin, TestNamespace ns, String sweep) {
    return admin
        .resources(TrainingRun.class)
        .inNamespace(ns.name())
        .withLabel(Labels.SWEEP, sweep)
        .list()
        .getItems();
  }

  private static List<Job> jobsOf(KubernetesClient admin, TestNamespace ns, String run) {
    return admin
        .batch()
        .v1()
        .jobs()
        .inNamespace(ns.name())
        .withLabel(Labels.TRAINING_RUN, run)
        .list()
        .getItems();
  }
}
