package io.neuralforge.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.ArchitectureStatus;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.operator.architecture.ArchitectureValidation;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code neuralforge validate}: the Architecture status the operator would write. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validates Architecture manifests and prints them with their status.",
      "Exit code 0: all valid; 1: some invalid; 2: the file could not be read or parsed."
    })
final class ValidateCommand implements Callable<Integer> {
  static final String API_VERSION = "neuralforge.io/v1alpha1";

  enum Format {
    json,
    yaml,
    text
  }

  @Option(
      names = {"-o", "--output"},
      description = "json, yaml or text (default: ${DEFAULT-VALUE})",
      defaultValue = "text")
  Format format;

  @Option(
      names = "--summary",
      description = "With -o text: one row per architecture instead of per-node tables")
  boolean summary;

  @Parameters(
      paramLabel = "FILE",
      description = "Architecture manifest(s), YAML or JSON; - for stdin")
  String file;

  @Override
  public Integer call() throws IOException {
    List<ObjectNode> objects = Manifests.read(file);
    List<ObjectNode> validated = new ArrayList<>();
    List<ValidationResult> results = new ArrayList<>();
    List<ArchitectureStatus> statuses = new ArrayList<>();
    Instant now = Instant.now();
    for (ObjectNode object : objects) {
      requireArchitecture(object);
      Architecture architecture = Manifests.convert(file, object, Architecture.class);
      ValidationResult result = ArchitectureValidation.validate(architecture);
      ArchitectureStatus status = ArchitectureValidation.status(architecture, result, now);
      ObjectNode withStatus = object.deepCopy();
      withStatus.set("status", Manifests.JSON.valueToTree(status));
      validated.add(withStatus);
      results.add(result);
      statuses.add(status);
    }
    PrintStream out = System.out;
    switch (format) {
      case json -> out.println(Manifests.toJson(Manifests.asListOrSingle(validated)));
      case yaml -> out.print(Manifests.toYaml(Manifests.asListOrSingle(validated)));
      case text -> {
        if (summary) {
          out.print(
              TextReport.summary(validated.stream().map(ValidateCommand::name).toList(), results));
          break;
        }
        for (int i = 0; i < validated.size(); i++) {
          out.print(
              TextReport.render(name(validated.get(i)), results.get(i), statuses.get(i).graphHash));
        }
      }
    }
    return results.stream().allMatch(ValidationResult::valid) ? Main.OK : Main.REJECTED;
  }

  private void requireArchitecture(ObjectNode object) {
    String kind = object.path("kind").asText("");
    String apiVersion = object.path("apiVersion").asText("");
    if (!kind.equals("Architecture") || !apiVersion.equals(API_VERSION)) {
      throw new UserInputException(
          file
              + ": "
              + name(object)
              + " is "
              + (kind.isEmpty() ? "an object without kind" : apiVersion + " " + kind)
              + ", not an "
              + API_VERSION
              + " Architecture");
    }
  }

  private static String name(ObjectNode object) {
    return object.path("metadata").path("name").asText("(unnamed)");
  }
}
