package io.neuralforge.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.operator.OperatorMain;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.metrics.OperatorMetrics;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two replicas, as the chart runs them: one holds the Lease and reconciles; when it stops, the
 * other takes the Lease over and carries on.
 */
@RealCluster
class LeaderElectionIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  private static Operator replica(KubernetesClient client, TestNamespace ns, String identity) {
    return OperatorMain.create(
        client,
        OperatorSettings.defaults(),
        new OperatorMetrics(new PrometheusRegistry()),
        Set.of(ns.name()),
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                "neuralforge-operator-leader")
            .withLeaseNamespace(ns.name())
            .withIdentity(identity) // in a cluster: the pod's name
            .withExitOnStopLeading(false)
            .build());
  }

  private static String holder(KubernetesClient client, TestNamespace ns) {
    Lease lease =
        client.leases().inNamespace(ns.name()).withName("neuralforge-operator-leader").get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static void architecture(
      ControlPlane plane, KubernetesClient client, TestNamespace ns, String name) throws Exception {
    Architecture a =
        TestManifests.example(plane, "architectures/mlp-digits.yaml", Architecture.class);
    a.getMetadata().setName(name);
    client.resource(a).inNamespace(ns.name()).create();
  }

  private static void awaitValid(KubernetesClient client, TestNamespace ns, String name) {
    await()
        .atMost(PATIENCE)
        .until(
            () -> client.resources(Architecture.class).inNamespace(ns.name()).withName(name).get(),
            a -> a.getStatus() != null && "Valid".equals(a.getStatus().phase));
  }

  @Test
  void oneReplicaLeadsAndTheOtherTakesOver(
      ControlPlane plane, KubernetesClient admin, TestNamespace ns) throws Exception {
    try (KubernetesClient first =
            new KubernetesClientBuilder().withConfig(admin.getConfiguration()).build();
        KubernetesClient second =
            new KubernetesClientBuilder().withConfig(admin.getConfiguration()).build()) {
      Operator a = replica(first, ns, "replica-a");
      Operator b = replica(second, ns, "replica-b");
      a.start();
      await().atMost(PATIENCE).until(() -> "replica-a".equals(holder(admin, ns)));
      b.start();
      architecture(plane, admin, ns, "before");
      awaitValid(admin, ns, "before");
      assertThat(holder(admin, ns)).isEqualTo("replica-a");

      a.stop(); // the leader goes away: the standby takes the lease and carries on
      await().atMost(PATIENCE).until(() -> "replica-b".equals(holder(admin, ns)));
      architecture(plane, admin, ns, "after");
      awaitValid(admin, ns, "after");
      b.stop();
    }
  }
}
