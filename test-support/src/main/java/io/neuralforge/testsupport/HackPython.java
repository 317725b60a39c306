package io.neuralforge.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * For tests that ask PyTorch or MLflow: the repository, the pinned Python hack/python-env.sh makes
 * (once, cached), and running a command with it from the repository root.
 */
public final class HackPython {
  private HackPython() {}

  /** The checkout's root: the nearest folder up from here that holds hack/python-env.sh. */
  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("hack/python-env.sh"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("the repository root (with hack/python-env.sh)").isNotNull();
    return dir;
  }

  /** The venv's python; what hack/python-env.sh said on stderr goes to {@code errors}. */
  public static String python(Path errors) throws IOException, InterruptedException {
    return run(errors, "hack/python-env.sh").trim();
  }

  /** The python of one of hack/python-env.sh's package sets, e.g. optuna. */
  public static String python(Path errors, String packageSet)
      throws IOException, InterruptedException {
    return run(errors, "hack/python-env.sh", packageSet).trim();
  }

  /**
   * Runs a command from the repository root; its stdout, or an assertion failure with its stderr
   * (kept in {@code errors}).
   */
  public static String run(Path errors, String... command)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .directory(repositoryRoot().toFile())
            .redirectError(errors.toFile())
            .start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = p.waitFor(20, TimeUnit.MINUTES);
    assertThat(done && p.exitValue() == 0)
        .as("%s failed:%n%s", String.join(" ", command), Files.readString(errors))
        .isTrue();
    return stdout;
  }
}
