package io.neuralforge.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neuralforge.api.v1alpha1.PodOverrides;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.config.PodAllowList;
import io.neuralforge.operator.status.UnrunnableSpecException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a tenant's spec.pod may set on the operator's pods, by default and as configured. */
class PodAllowListCheckTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final PodAllowList DEFAULTS = PodAllowList.defaults();

  private static PodOverrides pod(String yaml) {
    return YAML.unmarshal(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), PodOverrides.class);
  }

  private static String cpu(String yaml) {
    return PodAllowListCheck.refusal(pod(yaml), false, DEFAULTS);
  }

  @Test
  void theDefaultsAcceptWhatTheTestClusterAndTheDocsUse() {
    assertThat(
            cpu(
                """
                priorityClassName: high
                runtimeClassName: nvidia
                imagePullSecrets: [{name: registry}]
                nodeSelector: {kubernetes.io/hostname: cpu-0, topology.kubernetes.io/zone: a}
                tolerations: [{key: kwok.x-k8s.io/node, operator: Exists, effect: NoSchedule}]
                annotations: {neuralforge.io/kwok-outcome: fail, neuralforge.io/kwok-exit-code: "2"}
                labels: {team: vision}
                """))
        .isNull();
    assertThat(PodAllowListCheck.refusal(null, false, DEFAULTS)).isNull();
  }

  @Test
  void aTolerationOfEveryTaintIsRefusedNamingItsIndex() {
    assertThat(
            cpu("tolerations: [{key: kwok.x-k8s.io/node, operator: Exists}, {operator: Exists}]"))
        .isEqualTo(
            "spec.pod.tolerations[1]: operator Exists without a key tolerates every taint; not"
                + " allowed by this operator (podAllowList.tolerationKeys: [kwok.x-k8s.io/node,"
                + " cloud.google.com/gke-spot, cloud.google.com/gke-preemptible,"
                + " kubernetes.azure.com/scalesetpriority])");
    // not even when every key is allowed
    PodAllowList anyKey = new PodAllowList(null, List.of("*"), null, null, null);
    assertThat(PodAllowListCheck.refusal(pod("tolerations: [{operator: Exists}]"), true, anyKey))
        .startsWith("spec.pod.tolerations[0]: operator Exists without a key");
  }

  @Test
  void tolerationsOfTheNodesOwnTaintsAreRefused() {
    assertThat(cpu("tolerations: [{key: node.kubernetes.io/not-ready, operator: Exists}]"))
        .startsWith(
            "spec.pod.tolerations[0]: key node.kubernetes.io/not-ready is not allowed by this"
                + " operator (podAllowList.tolerationKeys: [");
    assertThat(
            cpu(
                "tolerations: [{key: node-role.kubernetes.io/control-plane, effect: NoSchedule,"
                    + " operator: Exists}]"))
        .startsWith("spec.pod.tolerations[0]: key node-role.kubernetes.io/control-plane is not");
  }

  @Test
  void onlyAPodAskingForGpusMayTolerateTheGpuTaint() {
    PodOverrides gpuTaint = pod("tolerations: [{key: nvidia.com/gpu, operator: Exists}]");
    assertThat(PodAllowListCheck.refusal(gpuTaint, false, DEFAULTS))
        .isEqualTo(
            "spec.pod.tolerations[0]: key nvidia.com/gpu: a pod without a GPU request may not"
                + " tolerate the GPU taint, it would hold a GPU node");
    assertThat(PodAllowListCheck.refusal(gpuTaint, true, DEFAULTS)).isNull();
    PodAllowList anyKey = new PodAllowList(null, List.of("*"), null, null, null);
    assertThat(PodAllowListCheck.refusal(gpuTaint, false, anyKey)).isNotNull();
  }

  @Test
  void systemPriorityClassesAreRefusedWhateverTheSettings() {
    for (String name :
        new String[] {"system-cluster-critical", "system-node-critical", "system-x"}) {
      assertThat(cpu("priorityClassName: " + name))
          .isEqualTo(
              "spec.pod.priorityClassName: "
                  + name
                  + " is for the cluster's own critical pods; not allowed by this operator");
    }
  }

  @Test
  void configuredListsAllowByNameOrPrefix() {
    PodAllowList team =
        new PodAllowList(
            List.of("example.com/"),
            List.of("team-a/*"),
            List.of("pool"),
            List.of("team-*"),
            List.of("gvisor"));
    assertThat(
            PodAllowListCheck.refusal(
                pod(
                    """
                    priorityClassName: team-low
                    runtimeClassName: gvisor
                    nodeSelector: {pool: a}
                    tolerations: [{key: team-a/dedicated, operator: Exists}]
                    annotations: {example.com/owner: vision}
                    """),
                false,
                team))
        .isNull();
    assertThat(PodAllowListCheck.refusal(pod("priorityClassName: high"), false, team))
        .isEqualTo(
            "spec.pod.priorityClassName: high is not allowed by this operator"
                + " (podAllowList.priorityClasses: [team-*])");
    assertThat(PodAllowListCheck.refusal(pod("runtimeClassName: runc"), false, team))
        .isEqualTo(
            "spec.pod.runtimeClassName: runc is not allowed by this operator"
                + " (podAllowList.runtimeClasses: [gvisor])");
  }

  @Test
  void annotationsAndNodeSelectorsOutsideTheListsAreRefused() {
    assertThat(cpu("annotations: {iam.amazonaws.com/role: admin}"))
        .isEqualTo(
            "spec.pod.annotations: iam.amazonaws.com/role is not allowed by this operator"
                + " (podAllowList.annotationPrefixes: [neuralforge.io/kwok-])");
    assertThat(cpu("nodeSelector: {node-role.kubernetes.io/control-plane: \"\"}"))
        .startsWith(
            "spec.pod.nodeSelector: node-role.kubernetes.io/control-plane is not allowed by this"
                + " operator (podAllowList.nodeSelectorKeys: [kubernetes.io/hostname,");
  }

  @Test
  void oneLineNamesTheFirstProblemAndCountsTheRestWithoutQuotingAWholeKey() {
    String huge = "x".repeat(100_000);
    PodOverrides many = pod("priorityClassName: system-node-critical\ntolerations: [{}]");
    many.annotations = Map.of(huge, "v");
    String refusal = PodAllowListCheck.refusal(many, false, DEFAULTS);
    assertThat(refusal)
        .startsWith("spec.pod.priorityClassName: system-node-critical")
        .endsWith(" (and 2 more)")
        .doesNotContain("\n");
    PodOverrides hugeKey = new PodOverrides();
    hugeKey.annotations = Map.of(huge, "v");
    assertThat(PodAllowListCheck.refusal(hugeKey, false, DEFAULTS)).hasSizeLessThan(300);
    assertThatThrownBy(
            () ->
                PodAllowListCheck.require(
                    pod("tolerations: [{operator: Exists}]"), false, DEFAULTS))
        .isInstanceOf(UnrunnableSpecException.class)
        .hasMessageStartingWith("spec.pod.tolerations[0]: operator Exists without a key");
  }

  @Test
  void theOperatorConfigurationSetsTheLists(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("operator.yaml");
    Files.writeString(
        config,
        """
        podAllowList:
          annotationPrefixes: [example.com/]
          tolerationKeys: [spot]
        """);
    PodAllowList read = OperatorSettings.load(config).podAllowList();
    assertThat(read.annotationPrefixes()).containsExactly("example.com/");
    assertThat(read.tolerationKeys()).containsExactly("spot");
    assertThat(read.nodeSelectorKeys()).isEqualTo(PodAllowList.DEFAULT_NODE_SELECTOR_KEYS);
    assertThat(read.priorityClasses()).containsExactly("*");
    assertThat(OperatorSettings.defaults().podAllowList()).isEqualTo(DEFAULTS);
  }
}
