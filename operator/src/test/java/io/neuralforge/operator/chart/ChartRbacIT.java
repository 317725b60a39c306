package io.neuralforge.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.OperatorClient;
import io.neuralforge.operator.testing.CommandResult;
import io.neuralforge.operator.testing.ControlPlane;
import io.neuralforge.operator.testing.RealCluster;
import io.neuralforge.operator.testing.TestManifests;
import io.neuralforge.operator.testing.TestNamespace;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * What the chart grants and refuses, against the real API server's RBAC and admission: the
 * operator's rules as Roles where it watches a list of namespaces, tenants bound to Kubernetes' own
 * edit and view roles (our kinds, no status), and the admission policy that holds the operator's
 * own ServiceAccount to what the operator makes. Requests are made as the tenant or as the
 * operator's ServiceAccount by impersonation; what should pass is sent as a dry run.
 */
@RealCluster
class ChartRbacIT {
  private static final String CHART = "charts/neuralforge-operator";
  private static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final List<String> KINDS =
      List.of("architectures", "trainingruns", "modelexports", "trainingsweeps");
  private static final String CPU_IMAGE = "neuralforge/trainer:0.1.0-cpu";

  @Test
  void withWatchNamespacesTheOperatorHoldsRolesThereAndNoneOfOurKindsClusterWide(
      ControlPlane plane, TestNamespace ns) throws Exception {
    KubernetesClient admin = plane.client();
    String release = release(ns);
    String fullname = release + "-neuralforge-operator";
    String operator = "system:serviceaccount:" + ns.name() + ":" + fullname;
    String watched = ns.name() + "-watched";
    String other = ns.name() + "-other";
    createNamespaces(admin, watched, other);
    try {
      ok(
          plane.helm(
              "install",
              release,
              CHART,
              "--namespace",
              ns.name(),
              "--set",
              "watchNamespaces={" + watched + "}"));
      ClusterRole clusterWide = admin.rbac().clusterRoles().withName(fullname).get();
      assertThat(clusterWide.getRules())
          .flatMap(PolicyRule::getResources)
          .containsExactly("namespaces", "nodes");
      assertThat(admin.rbac().roles().inNamespace(watched).withName(fullname).get()).isNotNull();
      assertThat(admin.rbac().roleBindings().inNamespace(watched).withName(fullname).get())
          .isNotNull();
      assertThat(admin.rbac().roles().inNamespace(other).withName(fullname).get()).isNull();

      for (String kind : KINDS) {
        assertThat(can(admin, operator, watched, "watch", kind, "")).as(kind).isTrue();
        assertThat(can(admin, operator, watched, "patch", kind, "status")).as(kind).isTrue();
        assertThat(can(admin, operator, "", "list", kind, "")).as(kind + " cluster-wide").isFalse();
        assertThat(can(admin, operator, other, "watch", kind, "")).as(kind).isFalse();
      }
      // blockOwnerDeletion on what it makes for a run, an export, a sweep
      for (String owner : List.of("trainingruns", "modelexports", "trainingsweeps")) {
        assertThat(can(admin, operator, watched, "update", owner, "finalizers")).as(owner).isTrue();
      }
      assertThat(canCore(admin, operator, watched, "create", "batch", "jobs")).isTrue();
      assertThat(canCore(admin, operator, other, "create", "batch", "jobs")).isFalse();
      assertThat(canCore(admin, operator, "", "watch", "", "namespaces")).isTrue();
      assertThat(canCore(admin, operator, ns.name(), "update", "coordination.k8s.io", "leases"))
          .isTrue();
    } finally {
      plane.helm("uninstall", release, "--namespace", ns.name());
      admin.namespaces().withName(watched).delete();
      admin.namespaces().withName(other).delete();
    }
  }

  @Test
  void aTenantWithEditCreatesRunsButWritesNoStatusAndViewOnlyReads(
      ControlPlane plane, TestNamespace ns) throws Exception {
    KubernetesClient admin = plane.client();
    String release = release(ns);
    String work = ns.name() + "-work";
    String editor = "tenant-editor" + release.substring(2);
    String viewer = "tenant-viewer" + release.substring(2);
    createNamespaces(admin, work);
    try {
      ok(plane.helm("install", release, CHART, "--namespace", ns.name()));
      bindUser(admin, work, editor, "edit");
      bindUser(admin, work, viewer, "view");
      // the aggregation controller copies our rules into edit and view
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  can(admin, editor, work, "create", "trainingruns", "")
                      && can(admin, viewer, work, "list", "trainingruns", ""));
      for (String kind : KINDS) {
        for (String verb : List.of("get", "list", "watch", "create", "update", "patch", "delete")) {
          assertThat(can(admin, editor, work, verb, kind, "")).as(verb + " " + kind).isTrue();
          assertThat(can(admin, viewer, work, verb, kind, ""))
              .as("view: " + verb + " " + kind)
              .isEqualTo(List.of("get", "list", "watch").contains(verb));
        }
        for (String verb : List.of("update", "patch")) {
          assertThat(can(admin, editor, work, verb, kind, "status")).as(kind + "/status").isFalse();
        }
      }
      CommandResult canI =
          plane.kubectl(
              null,
              "auth",
              "can-i",
              "patch",
              "trainingruns",
              "--subresource=status",
              "--as=" + editor,
              "--namespace=" + work);
      assertThat(canI.stdout().strip()).isEqualTo("no");

      try (KubernetesClient asEditor = as(plane, editor)) {
        asEditor
            .resource(
                TestManifests.parse(
                    asEditor,
                    """
                    apiVersion: neuralforge.io/v1alpha1
                    kind: TrainingRun
                    metadata: {name: mine, namespace: %s}
                    spec:
                      architectureRef: {name: lenet-bn}
                      dataset: {builtin: fashion-mnist}
                      resources: {gpu: {type: none}}
                    """
                        .formatted(work),
                    TrainingRun.class))
            .create();
        assertRefused(
            () ->
                asEditor
                    .resources(TrainingRun.class)
                    .inNamespace(work)
                    .withName("mine")
                    .subresource("status")
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\":{\"phase\":\"Succeeded\"}}"),
            "trainingruns/status");
      }
    } finally {
      plane.helm("uninstall", release, "--namespace", ns.name());
      admin.namespaces().withName(work).delete();
    }
  }

  @Test
  void theOperatorsServiceAccountMayMakeOnlyWhatTheOperatorMakes(
      ControlPlane plane, TestNamespace ns) throws Exception {
    KubernetesClient admin = plane.client();
    String release = release(ns);
    String fullname = release + "-neuralforge-operator";
    String work = ns.name() + "-work";
    createNamespaces(admin, work);
    try {
      ok(plane.helm("install", release, CHART, "--namespace", ns.name()));
      assertThat(
              admin
                  .admissionRegistration()
                  .v1()
                  .validatingAdmissionPolicies()
                  .withName(fullname)
                  .get())
          .as("Kubernetes serves ValidatingAdmissionPolicy v1: the chart installs one")
          .isNotNull();
      try (KubernetesClient asOperator =
          as(plane, "system:serviceaccount:" + ns.name() + ":" + fullname)) {
        // the policy is loaded asynchronously: wait until it refuses a foreign image
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () ->
                    assertDeniedByPolicy(
                        () -> dryRun(asOperator, job(asOperator, work, "evil/miner:latest")),
                        "evil/miner:latest"));
        // the same Job with the chart's image passes: what was refused is the image
        dryRun(asOperator, job(asOperator, work, CPU_IMAGE));
        // its identities pass (binding them for real is HelmChartIT's run); binding anything
        // else does not
        dryRun(asOperator, role(asOperator, work));
        assertRefused(
            () -> dryRun(asOperator, binding(asOperator, work, "ClusterRole", "cluster-admin")),
            "");
        assertDeniedByPolicy(
            () -> dryRun(asOperator, binding(asOperator, work, "ClusterRole", fullname)),
            "binds only its own Role");
        // nothing in kube-system, though RBAC lets it create ConfigMaps everywhere
        assertDeniedByPolicy(
            () -> dryRun(asOperator, configMap(asOperator, "kube-system")),
            "namespace kube-system");
        // pods: RBAC refuses them; granted by mistake, the policy still holds the images
        assertRefused(() -> dryRun(asOperator, pod(asOperator, work, CPU_IMAGE)), "pods");
        grantPodCreate(admin, work, ns.name(), fullname);
        // a pod names its ServiceAccount, which must exist (the operator makes it before its Job)
        admin
            .serviceAccounts()
            .inNamespace(work)
            .resource(
                new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                    .withNewMetadata()
                    .withName("probe-trainer")
                    .endMetadata()
                    .build())
            .create();
        await()
            .atMost(PATIENCE)
            .untilAsserted(() -> dryRun(asOperator, pod(asOperator, work, CPU_IMAGE)));
        assertDeniedByPolicy(
            () -> dryRun(asOperator, pod(asOperator, work, "evil/miner:latest")),
            "evil/miner:latest");
      }
    } finally {
      plane.helm("uninstall", release, "--namespace", ns.name());
      admin.namespaces().withName(work).delete();
    }
  }

  private static void ok(CommandResult r) {
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
  }

  /** Cluster-scoped objects carry the release's name: one release name per test namespace. */
  private static String release(TestNamespace ns) {
    return "nf" + ns.name().substring(ns.name().lastIndexOf('-'));
  }

  private static void createNamespaces(KubernetesClient admin, String... names) {
    for (String name : names) {
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .addToLabels("neuralforge.io/test", "true")
                  .endMetadata()
                  .build())
          .create();
    }
  }

  /** A client that acts as {@code user} (the API server adds a ServiceAccount's groups). */
  private static KubernetesClient as(ControlPlane plane, String user) {
    return OperatorClient.builder()
        .withConfig(
            new ConfigBuilder(plane.client().getConfiguration())
                .withImpersonateUsername(user)
                .build())
        .build();
  }

  /** May {@code user} do {@code verb} on one of our kinds ({@code namespace} "" for all)? */
  private static boolean can(
      KubernetesClient admin,
      String user,
      String namespace,
      String verb,
      String resource,
      String subresource) {
    return review(admin, user, namespace, verb, "neuralforge.io", resource, subresource);
  }

  private static boolean canCore(
      KubernetesClient admin,
      String user,
      String namespace,
      String verb,
      String group,
      String resource) {
    return review(admin, user, namespace, verb, group, resource, "");
  }

  private static boolean review(
      KubernetesClient admin,
      String user,
      String namespace,
      String verb,
      String group,
      String resource,
      String subresource) {
    var review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(user)
            .withGroups(
                user.startsWith("system:serviceaccount:")
                    ? List.of("system:serviceaccounts", "system:authenticated")
                    : List.of("system:authenticated"))
            .withNewResourceAttributes()
            .withNamespace(namespace)
            .withVerb(verb)
            .withGroup(group)
            .withResource(resource)
            .withSubresource(subresource)
            .endResourceAttributes()
            .endSpec()
            .build();
    return admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
  }

  private static void bindUser(KubernetesClient admin, String namespace, String user, String role)
      throws Exception {
    admin
        .resource(
            TestManifests.parse(
                admin,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: %s, namespace: %s}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: %s}
                subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: %s}]
                """
                    .formatted(user, namespace, role, user),
                io.fabric8.kubernetes.api.model.rbac.RoleBinding.class))
        .create();
  }

  /** What a mistaken RBAC change could add: the operator may create pods in {@code namespace}. */
  private static void grantPodCreate(
      KubernetesClient admin, String namespace, String operatorNamespace, String account)
      throws Exception {
    admin
        .resource(
            TestManifests.parse(
                admin,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: pods-by-mistake, namespace: %s}
                rules: [{apiGroups: [""], resources: [pods], verbs: [create]}]
                """
                    .formatted(namespace),
                io.fabric8.kubernetes.api.model.rbac.Role.class))
        .create();
    admin
        .resource(
            TestManifests.parse(
                admin,
                """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: pods-by-mistake, namespace: %s}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pods-by-mistake}
                subjects: [{kind: ServiceAccount, name: %s, namespace: %s}]
                """
                    .formatted(namespace, account, operatorNamespace),
                io.fabric8.kubernetes.api.model.rbac.RoleBinding.class))
        .create();
  }

  /** Labels and owner as the operator sets them, for a TrainingRun "probe" (never created). */
  private static String ours(String name, String namespace) {
    return """
        metadata:
          name: %s
          namespace: %s
          labels: {app.kubernetes.io/managed-by: neuralforge-operator}
          ownerReferences:
          - {apiVersion: neuralforge.io/v1alpha1, kind: TrainingRun, name: probe,
             uid: 4e0f5a52-0000-4000-8000-000000000001, controller: true, blockOwnerDeletion: true}
        """
        .formatted(name, namespace);
  }

  private static String podSpec(String image, String indent) {
    return """
        serviceAccountName: probe-trainer
        automountServiceAccountToken: false
        restartPolicy: Never
        securityContext: {runAsNonRoot: true, runAsUser: 65532, seccompProfile: {type: RuntimeDefault}}
        containers:
        - name: trainer
          image: %s
          args: [train]
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
        """
        .formatted(image)
        .indent(indent.length());
  }

  private static HasMetadata job(KubernetesClient client, String namespace, String image)
      throws Exception {
    return TestManifests.parse(
        client,
        "apiVersion: batch/v1\nkind: Job\n"
            + ours("probe-trainer", namespace)
            + "spec:\n  template:\n    spec:\n"
            + podSpec(image, "      "),
        io.fabric8.kubernetes.api.model.batch.v1.Job.class);
  }

  private static HasMetadata pod(KubernetesClient client, String namespace, String image)
      throws Exception {
    return TestManifests.parse(
        client,
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: probe
          namespace: %s
          labels: {app.kubernetes.io/managed-by: neuralforge-operator}
        spec:
        """
                .formatted(namespace)
            + podSpec(image, "  "),
        io.fabric8.kubernetes.api.model.Pod.class);
  }

  private static HasMetadata role(KubernetesClient client, String namespace) throws Exception {
    return TestManifests.parse(
        client,
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n"
            + ours("probe-trainer", namespace)
            + """
            rules:
            - apiGroups: [neuralforge.io]
              resources: [trainingruns/status]
              resourceNames: [probe]
              verbs: [get, patch]
            """,
        io.fabric8.kubernetes.api.model.rbac.Role.class);
  }

  private static HasMetadata binding(
      KubernetesClient client, String namespace, String kind, String name) throws Exception {
    return TestManifests.parse(
        client,
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n"
            + ours("probe-trainer", namespace)
            + """
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: %s, name: %s}
            subjects: [{kind: ServiceAccount, name: probe-trainer, namespace: %s}]
            """
                .formatted(kind, name, namespace),
        io.fabric8.kubernetes.api.model.rbac.RoleBinding.class);
  }

  private static HasMetadata configMap(KubernetesClient client, String namespace) throws Exception {
    return TestManifests.parse(
        client,
        "apiVersion: v1\nkind: ConfigMap\n" + ours("probe-graph", namespace) + "data: {}\n",
        io.fabric8.kubernetes.api.model.ConfigMap.class);
  }

  private static void dryRun(KubernetesClient client, HasMetadata object) {
    client.resource(object).dryRun().create();
  }

  /** Refused with 403 Forbidden, the message naming {@code what}. */
  private static void assertRefused(ThrowingCallable call, String what) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403);
              assertThat(e.getMessage()).contains(what);
            });
  }

  /** Refused by the chart's ValidatingAdmissionPolicy, its message naming {@code what}. */
  private static void assertDeniedByPolicy(ThrowingCallable call, String what) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403);
              assertThat(e.getMessage()).contains("ValidatingAdmissionPolicy").contains(what);
            });
  }
}
