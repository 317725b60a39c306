package io.neuralforge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code neuralforge dataset}: looks at a TrainingRun's data. */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    description =
        "Looks at a TrainingRun's data: 'dataset preview' draws samples as training sees them.",
    subcommands = {DatasetPreviewCommand.class, CommandLine.HelpCommand.class})
final class DatasetCommand {}
