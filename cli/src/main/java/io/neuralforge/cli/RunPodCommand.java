package io.neuralforge.cli;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code neuralforge run-pod}: for clusters whose nodes are simulated (kwok), plays the kubelet for
 * one trainer pod on this machine, so that a TrainingRun trains for real (make demo).
 */
@Command(
    name = "run-pod",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = {
      "Development aid: runs a trainer pod's container on this machine as the kubelet would",
      "(its volumes, env and a ServiceAccount token from the cluster), then reports its exit code.",
      "Exit code: the container's."
    })
final class RunPodCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "the pod")
  String pod;

  @Option(
      names = {"-n", "--namespace"},
      description = "the pod's namespace (default: the kubeconfig's)")
  String namespace;

  @Option(
      names = "--claims",
      description =
          "where PersistentVolumeClaims' files live on this machine (default: ${DEFAULT-VALUE})")
  Path claims = Path.of(System.getProperty("user.home"), ".cache", "neuralforge", "claims");

  @Option(
      names = "--timeout",
      description = "seconds the container may run (default: ${DEFAULT-VALUE})")
  long timeoutSeconds = 3600;

  @Override
  public Integer call() throws Exception {
    Path entrypoint = Path.of(System.getProperty("neuralforge.home", "."), "bin", "neuralforge");
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      String ns = namespace != null ? namespace : client.getNamespace();
      Pod found = client.pods().inNamespace(ns).withName(pod).get();
      if (found == null) {
        throw new UserInputException("pod " + ns + "/" + pod + " not found");
      }
      Path work = Files.createTempDirectory("neuralforge-pod-");
      TrainerPod.Exit exit =
          new TrainerPod(client, entrypoint, TrainerPod.localImageEnv(), claims)
              .run(found, work, Duration.ofSeconds(timeoutSeconds));
      System.err.print(exit.output());
      System.err.println(
          "neuralforge: pod "
              + ns
              + "/"
              + pod
              + " exited with "
              + exit.code()
              + "; its volumes are in "
              + work);
      return exit.code();
    }
  }
}
