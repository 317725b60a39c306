package io.neuralforge.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.diagram.Diagrams;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.operator.architecture.ArchitectureGraphs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code neuralforge draw}: a picture of an Architecture's graph, as SVG or PNG. */
@Command(
    name = "draw",
    mixinStandardHelpOptions = true,
    description = {
      "Draws an Architecture's layer graph as the validator sees it: a box per node with its",
      "type, params and parameter count, edges labelled with tensor shapes, invalid nodes in red.",
      "Exit code 0: drawn; 1: drawn, but the graph is invalid; 2: unreadable input or bad -o."
    })
final class DrawCommand implements Callable<Integer> {

  @Parameters(arity = "0..1", paramLabel = "FILE", description = "the Architecture manifest")
  String positional;

  @Option(
      names = {"-f", "--filename"},
      description = "the Architecture manifest (or give it as the argument)")
  String filename;

  @Option(
      names = {"-o", "--output"},
      required = true,
      description = "the picture to write: .svg or .png")
  Path output;

  @Option(
      names = "--collapse",
      description = "fold consecutive repeats of one block of layers into one box marked ×N")
  boolean collapse;

  @Override
  public Integer call() {
    String file = file();
    Diagrams.Format format = Diagrams.Format.ofFileName(output.getFileName().toString());
    if (format == null) {
      throw new UserInputException(
          output + ": unknown picture format; name the output .svg or .png");
    }
    Architecture architecture = architecture(file);
    GraphSpec spec = ArchitectureGraphs.toGraph(architecture.getSpec());
    ValidationResult result = GraphValidator.validate(spec);
    byte[] picture = Diagrams.render(spec, result, collapse, format);
    try {
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(output, picture);
    } catch (IOException e) {
      throw new UserInputException(output + ": cannot write: " + e.getMessage());
    }
    if (!result.valid()) {
      System.err.println(
          "neuralforge: "
              + file
              + ": "
              + architecture.getMetadata().getName()
              + " is invalid ("
              + result.errors().size()
              + (result.errors().size() == 1 ? " error" : " errors")
              + "), drawn in red; neuralforge validate lists them");
      return Main.REJECTED;
    }
    return Main.OK;
  }

  private String file() {
    if (filename != null && positional != null && !filename.equals(positional)) {
      throw new UserInputException(
          "draw takes one Architecture file: give it as -f or as the argument, not both");
    }
    String file = filename != null ? filename : positional;
    if (file == null) {
      throw new UserInputException("draw needs the Architecture file: draw -f FILE -o net.svg");
    }
    return file;
  }

  private static Architecture architecture(String file) {
    List<ObjectNode> architectures =
        Manifests.read(file).stream()
            .filter(o -> "Architecture".equals(o.path("kind").asText()))
            .filter(o -> ValidateCommand.API_VERSION.equals(o.path("apiVersion").asText()))
            .toList();
    if (architectures.size() != 1) {
      throw new UserInputException(
          file
              + ": "
              + (architectures.isEmpty()
                  ? "no " + ValidateCommand.API_VERSION + " Architecture found"
                  : architectures.size() + " Architectures found; draw takes one a file"));
    }
    Architecture architecture = Manifests.convert(file, architectures.get(0), Architecture.class);
    if (architecture.getMetadata() == null) {
      architecture.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    }
    return architecture;
  }
}
