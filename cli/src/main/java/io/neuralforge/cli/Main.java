package io.neuralforge.cli;

import io.neuralforge.api.v1alpha1.TrainerExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** bin/neuralforge: the operator's and the trainer's code, run without a cluster. */
@Command(
    name = "neuralforge",
    mixinStandardHelpOptions = true,
    version = "neuralforge 0.1.0",
    description =
        "Validate, render, draw, train, export and ask NeuralForge models without a cluster.",
    subcommands = {
      ValidateCommand.class,
      RenderCommand.class,
      ExportCommand.class,
      TrainCommand.class,
      CompareCommand.class,
      DiffCommand.class,
      DrawCommand.class,
      DatasetCommand.class,
      PredictCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {
  /** Exit codes, as docs/cli.md documents them: the trainer image's. */
  public static final int OK = TrainerExitCodes.OK;

  public static final int REJECTED = TrainerExitCodes.REJECTED;
  public static final int BAD_INPUT = TrainerExitCodes.BAD_INPUT;
  public static final int UNEXPECTED = TrainerExitCodes.UNEXPECTED;
  public static final int GPU_UNAVAILABLE = TrainerExitCodes.GPU_UNAVAILABLE;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code; every uncaught error maps to 3. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExitCodeExceptionMapper(e -> e instanceof UserInputException ? BAD_INPUT : UNEXPECTED);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          ErrorLine.print("neuralforge: " + e.getMessage());
          return BAD_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof UserInputException) {
            ErrorLine.print("neuralforge: " + e.getMessage());
            return BAD_INPUT;
          }
          ErrorLine.print("neuralforge: unexpected error: " + e);
          return UNEXPECTED;
        });
    try {
      return cli.execute(args);
    } catch (Throwable t) { // out of memory and the like: still one line, still exit 3
      ErrorLine.print("neuralforge: unexpected error: " + t);
      return UNEXPECTED;
    }
  }
}
