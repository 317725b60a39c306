package io.neuralforge.operator.workload;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import io.neuralforge.api.v1alpha1.CredentialKeys;
import io.neuralforge.api.v1alpha1.TrainerExitCodes;
import java.util.ArrayList;
import java.util.List;

/**
 * The pieces every pod the operator runs shares: Pod Security "restricted" (non-root, read-only
 * root filesystem, no privilege escalation, no capabilities, RuntimeDefault seccomp), an expiring
 * ServiceAccount token projected where the process expects it, emptyDirs where it writes, and the
 * failure policy for the trainer image's exit codes.
 */
public final class RestrictedPods {
  public static final String CONTAINER = "trainer";
  public static final String TOKEN_DIR = "/var/run/secrets/neuralforge.io/serviceaccount";
  public static final String CACHE_DIR = "/cache";

  /** The GPU resource, and the key of the taint GPU nodes carry against other pods. */
  public static final String GPU = "nvidia.com/gpu";

  private RestrictedPods() {}

  public static PodSecurityContext podSecurity(long user) {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(user)
        .withRunAsGroup(user)
        .withFsGroup(user)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  public static SecurityContext containerSecurity() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .build();
  }

  /**
   * The permanent exit codes (bad input, no GPU where one was asked for) fail the Job at once;
   * evicted or preempted pods are free.
   */
  public static PodFailurePolicy failurePolicy() {
    return new PodFailurePolicyBuilder()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName(CONTAINER)
        .withOperator("In")
        .withValues(TrainerExitCodes.PERMANENT)
        .endOnExitCodes()
        .endRule()
        .addNewRule()
        .withAction("Ignore")
        .addNewOnPodCondition()
        .withType("DisruptionTarget")
        .withStatus("True")
        .endOnPodCondition()
        .endRule()
        .build();
  }

  /**
   * The environment the trainer image's process reads to find itself and its status: the owner's
   * name in {@code variable} and its uid in {@code variable}_UID, against which it checks each
   * status write, so that it stops writing to a re-created object of the same name.
   */
  public static List<EnvVar> identityEnv(String variable, HasMetadata owner) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar(variable, owner.getMetadata().getName(), null));
    if (owner.getMetadata().getUid() != null) {
      env.add(new EnvVar(variable + "_UID", owner.getMetadata().getUid(), null));
    }
    env.add(
        new EnvVarBuilder()
            .withName("NEURALFORGE_NAMESPACE")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endValueFrom()
            .build());
    env.add(new EnvVar("NEURALFORGE_SERVICEACCOUNT_DIR", TOKEN_DIR, null));
    env.add(new EnvVar("NEURALFORGE_CACHE", CACHE_DIR, null));
    env.add(new EnvVar("HOME", "/tmp", null));
    return env;
  }

  /** The credentials Secret's documented keys, each by name ({@link CredentialKeys}). */
  public static List<EnvVar> credentialEnv(String secret) {
    List<EnvVar> env = new ArrayList<>();
    for (String key : CredentialKeys.REQUIRED) {
      env.add(secretKey(secret, key, null));
    }
    for (String key : CredentialKeys.OPTIONAL) {
      env.add(secretKey(secret, key, true));
    }
    return env;
  }

  private static EnvVar secretKey(String secret, String key, Boolean optional) {
    return new EnvVarBuilder()
        .withName(key)
        .withNewValueFrom()
        .withNewSecretKeyRef(key, secret, optional)
        .endValueFrom()
        .build();
  }

  /**
   * Each disk-backed emptyDir with a sizeLimit (memory-backed ones are counted in the memory limit
   * and carry their own).
   */
  public static List<Volume> sized(List<Volume> volumes, Quantity sizeLimit) {
    return volumes.stream()
        .map(
            v ->
                v.getEmptyDir() == null || "Memory".equals(v.getEmptyDir().getMedium())
                    ? v
                    : new VolumeBuilder(v)
                        .editEmptyDir()
                        .withSizeLimit(sizeLimit)
                        .endEmptyDir()
                        .build())
        .toList();
  }

  public static VolumeMount mount(String name, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(name)
        .withMountPath(path)
        .withReadOnly(readOnly ? true : null)
        .build();
  }

  public static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  public static Volume memoryDir(String name, String size) {
    return new VolumeBuilder()
        .withName(name)
        .withNewEmptyDir()
        .withMedium("Memory")
        .withSizeLimit(new Quantity(size))
        .endEmptyDir()
        .build();
  }

  public static Volume configMap(String name, String configMap) {
    return new VolumeBuilder()
        .withName(name)
        .withNewConfigMap()
        .withName(configMap)
        .endConfigMap()
        .build();
  }

  /** An expiring token of the pod's ServiceAccount, the cluster CA and the namespace. */
  public static Volume token(String name) {
    return new VolumeBuilder()
        .withName(name)
        .withNewProjected()
        .addNewSource()
        .withNewServiceAccountToken()
        .withPath("token")
        .withExpirationSeconds(3600L)
        .endServiceAccountToken()
        .endSource()
        .addNewSource()
        .withNewConfigMap()
        .withName("kube-root-ca.crt")
        .addNewItem("ca.crt", null, "ca.crt")
        .endConfigMap()
        .endSource()
        .addNewSource()
        .withNewDownwardAPI()
        .addNewItem()
        .withPath("namespace")
        .withNewFieldRef()
        .withFieldPath("metadata.namespace")
        .endFieldRef()
        .endItem()
        .endDownwardAPI()
        .endSource()
        .endProjected()
        .build();
  }
}
