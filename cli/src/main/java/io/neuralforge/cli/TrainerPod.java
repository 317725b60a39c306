package io.neuralforge.cli;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Plays the kubelet for one pod: materialises the pod's volumes (ConfigMaps, emptyDirs, claims as
 * folders that outlive the pod, a real ServiceAccount token from the TokenRequest API, the cluster
 * CA, the namespace), runs its container with the command, args and env the pod specifies, and
 * reports the exit code in the pod's status. Only two things differ from a node: the image's
 * entrypoint is the locally built {@code bin/neuralforge}, with the image's own environment, and
 * mount paths live under a work folder, so paths in args and env are rewritten to match.
 */
public final class TrainerPod {
  private final KubernetesClient client;
  private final Path entrypoint;
  private final Map<String, String> imageEnv;
  private final Path claims;

  /**
   * @param entrypoint what the image's ENTRYPOINT is, built here
   * @param imageEnv the image's ENV (PATH, JAVA_HOME, datasets, engine cache)
   * @param claims where PersistentVolumeClaims live on this "node": claims/namespace/claim, so that
   *     pods mounting the same claim see the same files
   */
  public TrainerPod(
      KubernetesClient client, Path entrypoint, Map<String, String> imageEnv, Path claims) {
    this.client = client;
    this.entrypoint = entrypoint;
    this.imageEnv = imageEnv;
    this.claims = claims;
  }

  /** The finished container: its exit code and what it printed. */
  public record Exit(int code, String output, Map<String, Path> volumes) {}

  /**
   * The environment the trainer image sets (Dockerfile ENV), as it is on this machine: the JDK on
   * the PATH, the builtin datasets and the unpacked engine from {@code make build}.
   */
  public static Map<String, String> localImageEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", System.getenv("PATH"));
    if (System.getenv("JAVA_HOME") != null) {
      env.put("JAVA_HOME", System.getenv("JAVA_HOME"));
    }
    env.put(
        "NEURALFORGE_DATASETS",
        io.neuralforge.trainer.data.BuiltinDataset.defaultRoot().toString());
    env.put(
        "NEURALFORGE_DJL_CACHE",
        Path.of(System.getProperty("user.home"), ".cache", "neuralforge", "djl").toString());
    return env;
  }

  public Exit run(Pod pod, Path work, Duration timeout) throws IOException, InterruptedException {
    String namespace = pod.getMetadata().getNamespace();
    PodSpec spec = pod.getSpec();
    Map<String, Path> volumes = new LinkedHashMap<>();
    for (Volume v : spec.getVolumes()) {
      Path dir =
          v.getPersistentVolumeClaim() != null
              ? claims.resolve(namespace).resolve(v.getPersistentVolumeClaim().getClaimName())
              : work.resolve("volumes").resolve(v.getName());
      Files.createDirectories(dir);
      materialise(v, dir, namespace, spec.getServiceAccountName());
      volumes.put(v.getName(), dir);
    }
    Container container = spec.getContainers().get(0);
    List<String[]> paths = new ArrayList<>(); // mount path -> local folder, longest first
    for (VolumeMount m : container.getVolumeMounts()) {
      Path local = volumes.get(m.getName());
      if (m.getSubPath() != null) {
        local = Files.createDirectories(local.resolve(m.getSubPath()));
      }
      paths.add(new String[] {m.getMountPath(), local.toString()});
    }
    paths.sort(Comparator.comparingInt((String[] p) -> p[0].length()).reversed());

    List<String> command = new ArrayList<>();
    if (container.getCommand() == null || container.getCommand().isEmpty()) {
      command.add(entrypoint.toString());
    } else {
      container.getCommand().forEach(c -> command.add(local(c, paths)));
    }
    container.getArgs().forEach(a -> command.add(local(a, paths)));
    ProcessBuilder process = new ProcessBuilder(command);
    Map<String, String> env = process.environment();
    env.clear();
    env.putAll(imageEnv);
    URI server = URI.create(client.getMasterUrl().toString());
    env.put("KUBERNETES_SERVICE_HOST", server.getHost());
    env.put("KUBERNETES_SERVICE_PORT", String.valueOf(server.getPort()));
    for (EnvVar e : container.getEnv()) {
      env.put(e.getName(), value(e, namespace, paths));
    }
    if (container.getEnvFrom() != null) {
      for (var from : container.getEnvFrom()) {
        if (from.getSecretRef() != null) {
          Secret secret =
              client.secrets().inNamespace(namespace).withName(from.getSecretRef().getName()).get();
          secret
              .getData()
              .forEach(
                  (k, v) ->
                      env.put(
                          k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
      }
    }
    Path log = work.resolve("container.log");
    process.redirectErrorStream(true).redirectOutput(log.toFile());
    Instant started = Instant.now();
    Process running = process.start();
    if (!running.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      running.destroyForcibly();
      throw new IllegalStateException("the trainer ran longer than " + timeout);
    }
    int code = running.exitValue();
    reportExit(pod, container.getName(), code, started);
    return new Exit(code, Files.readString(log), volumes);
  }

  private void materialise(Volume v, Path dir, String namespace, String serviceAccount)
      throws IOException {
    if (v.getConfigMap() != null) {
      ConfigMap map =
          client.configMaps().inNamespace(namespace).withName(v.getConfigMap().getName()).get();
      writeItems(dir, map.getData(), v.getConfigMap().getItems());
    } else if (v.getProjected() != null) {
      for (VolumeProjection source : v.getProjected().getSources()) {
        if (source.getServiceAccountToken() != null) {
          String token =
              client
                  .serviceAccounts()
                  .inNamespace(namespace)
                  .withName(serviceAccount)
                  .tokenRequest(
                      new TokenRequestBuilder()
                          .withNewSpec()
                          .withExpirationSeconds(
                              source.getServiceAccountToken().getExpirationSeconds())
                          .endSpec()
                          .build())
                  .getStatus()
                  .getToken();
          Files.writeString(dir.resolve(source.getServiceAccountToken().getPath()), token);
        } else if (source.getConfigMap() != null) {
          ConfigMap map =
              client
                  .configMaps()
                  .inNamespace(namespace)
                  .withName(source.getConfigMap().getName())
                  .get();
          writeItems(dir, map.getData(), source.getConfigMap().getItems());
        } else if (source.getDownwardAPI() != null) {
          for (var item : source.getDownwardAPI().getItems()) {
            if (!"metadata.namespace".equals(item.getFieldRef().getFieldPath())) {
              throw new IllegalArgumentException("unsupported field " + item.getFieldRef());
            }
            Files.writeString(dir.resolve(item.getPath()), namespace);
          }
        }
      }
    } else if (v.getEmptyDir() == null && v.getPersistentVolumeClaim() == null) {
      throw new IllegalArgumentException(
          "volume "
              + v.getName()
              + ": only ConfigMap, projected, emptyDir and PVC volumes are played here");
    }
  }

  private static void writeItems(Path dir, Map<String, String> data, List<KeyToPath> items)
      throws IOException {
    if (items == null || items.isEmpty()) {
      for (var entry : data.entrySet()) {
        Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
      }
      return;
    }
    for (KeyToPath item : items) {
      Files.writeString(dir.resolve(item.getPath()), data.get(item.getKey()));
    }
  }

  private static String value(EnvVar e, String namespace, List<String[]> paths) {
    if (e.getValueFrom() == null) {
      return local(e.getValue(), paths);
    }
    if (e.getValueFrom().getFieldRef() != null
        && "metadata.namespace".equals(e.getValueFrom().getFieldRef().getFieldPath())) {
      return namespace;
    }
    throw new IllegalArgumentException("unsupported env source for " + e.getName());
  }

  private static String local(String text, List<String[]> paths) {
    for (String[] p : paths) {
      if (text.equals(p[0]) || text.startsWith(p[0] + "/")) {
        return p[1] + text.substring(p[0].length());
      }
    }
    return text;
  }

  /** What the kubelet writes when a container exits. */
  private void reportExit(Pod pod, String container, int code, Instant started) {
    String now = Instant.now().toString();
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .editStatus(
            p -> {
              p.getStatus().setPhase(code == 0 ? "Succeeded" : "Failed");
              p.getStatus()
                  .setContainerStatuses(
                      List.of(
                          new ContainerStatusBuilder()
                              .withName(container)
                              .withImage(pod.getSpec().getContainers().get(0).getImage())
                              .withImageID("local")
                              .withReady(false)
                              .withRestartCount(0)
                              .withNewState()
                              .withTerminated(
                                  new ContainerStateTerminatedBuilder()
                                      .withExitCode(code)
                                      .withReason(code == 0 ? "Completed" : "Error")
                                      .withStartedAt(started.toString())
                                      .withFinishedAt(now)
                                      .build())
                              .endState()
                              .build()));
              p.getStatus()
                  .getConditions()
                  .forEach(
                      c -> {
                        if ("Ready".equals(c.getType()) || "ContainersReady".equals(c.getType())) {
                          c.setStatus("False");
                          c.setReason("PodCompleted");
                          c.setLastTransitionTime(now);
                        }
                      });
              return p;
            });
  }
}
