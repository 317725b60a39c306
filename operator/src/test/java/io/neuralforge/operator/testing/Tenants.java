package io.neuralforge.operator.testing;

import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.util.UUID;

/**
 * Tenants as a cluster gives them out: a namespace of their own and Kubernetes' {@code edit} role
 * in it, and, since {@code edit} lets them act as any ServiceAccount of the namespace, the
 * trainer's identity too. Clients impersonate them, so the API server's authorization is the real
 * one.
 */
public final class Tenants {
  private Tenants() {}

  /**
   * Our kinds in Kubernetes' edit, admin and view roles, as the chart installs them
   * (rbac.aggregateToDefaultRoles): without them {@code edit} grants nothing of ours.
   */
  public static void ourKindsInTheDefaultRoles(ControlPlane plane)
      throws IOException, InterruptedException {
    CommandResult roles =
        plane.helm(
            "template",
            "nf",
            "charts/neuralforge-operator",
            "--show-only",
            "templates/aggregated-roles.yaml");
    if (roles.exitCode() != 0) {
      throw new IllegalStateException("helm template failed: " + roles.stderr());
    }
    CommandResult applied = plane.kubectl(roles.stdout(), "apply", "-f", "-");
    if (applied.exitCode() != 0) {
      throw new IllegalStateException("applying the aggregated roles failed: " + applied.stderr());
    }
  }

  /** Another namespace for a test that needs two (Pod Security "restricted", as the test's own). */
  public static TestNamespace namespace(KubernetesClient admin, String prefix) {
    return TestNamespace.create(admin, prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** A client of a user holding the {@code edit} ClusterRole in {@code ns}, and nothing else. */
  public static KubernetesClient editor(KubernetesClient admin, TestNamespace ns) {
    String user = "tenant-of-" + ns.name();
    admin
        .rbac()
        .roleBindings()
        .inNamespace(ns.name())
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("tenant-edit")
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName("edit")
                .endRoleRef()
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName(user)
                .endSubject()
                .build())
        .serverSideApply();
    return as(admin, user, "system:authenticated");
  }

  private static KubernetesClient as(KubernetesClient admin, String user, String... groups) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(admin.getConfiguration())
                .withImpersonateUsername(user)
                .withImpersonateGroups(groups)
                .build())
        .build();
  }
}
