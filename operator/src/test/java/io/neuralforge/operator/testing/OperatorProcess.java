package io.neuralforge.operator.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OperatorMain in a JVM of its own against the test cluster: to be killed the way a node kills it
 * (ChaosIT), or measured apart from the test's own JVM (make bench-operator).
 */
public record OperatorProcess(Process process) {
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

  /** The operator's JVM, with {@code jvmOptions} (such as a heap limit) before its class path. */
  public static OperatorProcess start(ControlPlane plane, Path log, String... jvmOptions)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(List.of(jvmOptions));
    command.addAll(
        List.of(
            "-cp", System.getProperty("java.class.path"), "io.neuralforge.operator.OperatorMain"));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", plane.kubeconfig().toString());
    builder.environment().put("NEURALFORGE_METRICS_PORT", "0");
    return new OperatorProcess(builder.start());
  }

  /** SIGKILL: no shutdown hook, no goodbye. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** CPU time the operator has used so far, user and system, in seconds (Linux /proc). */
  public double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
    // fields after the command's closing parenthesis; utime and stime are the 12th and 13th
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  /** The operator's resident memory (VmRSS), in MiB. */
  public long residentMiB() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for the operator's process");
  }

  /** The operator's live heap after a full collection (jcmd GC.run, then GC.heap_info), in MiB. */
  public double heapAfterGcMiB() throws IOException, InterruptedException {
    jcmd("GC.run");
    Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
    if (!used.find()) {
      throw new IllegalStateException("jcmd GC.heap_info gave no heap figure");
    }
    return Long.parseLong(used.group(1)) / 1024.0;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String jcmd = Path.of(java).resolveSibling("jcmd").toString();
    Process p =
        new ProcessBuilder(jcmd, Long.toString(process.pid()), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }
}
