package io.neuralforge.operator.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.operator.OperatorClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real control plane the integration tests talk to, with its real node: started with {@code
 * hack/cluster-up.sh} (and stopped again at the end), or the one that script started earlier.
 */
public final class ControlPlane implements AutoCloseable {
  private final Path repository;
  private final Path kubeconfig;
  private final Path toolsBin;
  private final boolean startedHere;
  private final KubernetesClient client;

  private ControlPlane(Path repository, Path kubeconfig, Path toolsBin, boolean startedHere) {
    this.repository = repository;
    this.kubeconfig = kubeconfig;
    this.toolsBin = toolsBin;
    this.startedHere = startedHere;
    this.client =
        OperatorClient.builder().withConfig(Config.fromKubeconfig(read(kubeconfig))).build();
  }

  /**
   * The project's own local cluster ({@code hack/cluster-up.sh}: it starts one, or names the one it
   * started before). Never the cluster {@code KUBECONFIG} names: tests must not touch a cluster
   * they did not start, such as a production context a developer has selected.
   */
  static ControlPlane startOrReuse() throws IOException, InterruptedException {
    Path repository = findRepository();
    if ("true".equals(System.getenv(USE_EXISTING_CLUSTER))) {
      return existing(repository);
    }
    String exports = run(repository, "hack/cluster-up.sh");
    Path kubeconfig = null;
    Path bin = null;
    for (String line : exports.lines().toList()) {
      if (line.startsWith("export KUBECONFIG=")) {
        kubeconfig = Path.of(line.substring("export KUBECONFIG=".length()));
      } else if (line.startsWith("export PATH=")) {
        bin = Path.of(line.substring("export PATH=".length()).replace(":$PATH", ""));
      }
    }
    if (kubeconfig == null || bin == null) {
      throw new IllegalStateException("hack/cluster-up.sh printed no exports: " + exports);
    }
    boolean startedHere = exports.lines().anyMatch(l -> l.equals("# cluster-up: started"));
    ControlPlane started = new ControlPlane(repository, kubeconfig, bin, startedHere);
    started.applyCrds();
    return started;
  }

  /**
   * Opting in ({@code NEURALFORGE_USE_EXISTING_CLUSTER=true}, as controller-runtime's envtest has
   * USE_EXISTING_CLUSTER): the cluster {@code KUBECONFIG} names, with kubectl and helm from PATH,
   * never stopped here. The ITs expect the nodes cluster-up makes (real-0, kwok's GPU nodes).
   */
  public static final String USE_EXISTING_CLUSTER = "NEURALFORGE_USE_EXISTING_CLUSTER";

  private static ControlPlane existing(Path repository) throws IOException, InterruptedException {
    String kubeconfig = System.getenv("KUBECONFIG");
    if (kubeconfig == null
        || kubeconfig.isBlank()
        || kubeconfig.contains(java.io.File.pathSeparator)) {
      throw new IllegalStateException(
          USE_EXISTING_CLUSTER + " needs KUBECONFIG naming one kubeconfig file");
    }
    Path kubectl = onPath("kubectl");
    ControlPlane plane =
        new ControlPlane(repository, Path.of(kubeconfig), kubectl.getParent(), false);
    plane.applyCrds();
    return plane;
  }

  private static Path onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(tool + " is not on PATH");
  }

  public KubernetesClient client() {
    return client;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public Path repository() {
    return repository;
  }

  /** Where test volumes live on the real node (this machine); cluster-down removes it. */
  public Path volumes() {
    return kubeconfig.getParent().resolve("volumes");
  }

  /** Runs kubectl against this control plane; {@code stdin} may be null. */
  public CommandResult kubectl(String stdin, String... args)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(toolsBin.resolve("kubectl").toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    return CommandResult.run(repository, command, stdin, Duration.ofMinutes(2));
  }

  /** Restarts the API server with the same command line, and waits until it is ready. */
  public void restartApiServer() throws IOException, InterruptedException {
    CommandResult restarted =
        CommandResult.run(
            repository,
            List.of("hack/cluster/restart-apiserver.sh", kubeconfig.getParent().toString()),
            null,
            Duration.ofMinutes(2));
    if (restarted.exitCode() != 0) {
      throw new IllegalStateException("restarting the API server failed: " + restarted.stderr());
    }
  }

  /** Runs helm against this control plane. */
  public CommandResult helm(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(toolsBin.resolve("helm").toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    return CommandResult.run(repository, command, null, Duration.ofMinutes(3));
  }

  /**
   * Applies crds/*.yaml exactly as docs/resources.md and docs/operations.md tell users to (kubectl,
   * server-side, field manager "kubectl"), then waits until each is established; tests that change
   * a CRD call it again.
   */
  public void applyCrds() throws IOException, InterruptedException {
    CommandResult applied =
        kubectl(
            null,
            "apply",
            "--server-side",
            "--force-conflicts",
            "-f",
            repository.resolve("crds").toString());
    if (applied.exitCode() != 0) {
      throw new IllegalStateException("kubectl apply -f crds/ failed: " + applied.stderr());
    }
    CommandResult established =
        kubectl(
            null,
            "wait",
            "--for=condition=Established",
            "--timeout=60s",
            "-f",
            repository.resolve("crds").toString());
    if (established.exitCode() != 0) {
      throw new IllegalStateException("CRDs not established: " + established.stderr());
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    client.close();
    if (startedHere) {
      run(repository, "hack/cluster-down.sh");
    }
  }

  private static String run(Path repository, String script)
      throws IOException, InterruptedException {
    CommandResult result =
        CommandResult.run(
            repository,
            List.of(repository.resolve(script).toString()),
            null,
            Duration.ofMinutes(60));
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          script + " failed (" + result.exitCode() + "): " + result.stderr());
    }
    return result.stdout();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read kubeconfig " + file, e);
    }
  }

  private static Path findRepository() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("hack/cluster-up.sh"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "cannot find the repository root (hack/cluster-up.sh) above "
              + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
