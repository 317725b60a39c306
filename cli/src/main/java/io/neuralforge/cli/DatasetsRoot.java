package io.neuralforge.cli;

import io.neuralforge.trainer.data.BuiltinDataset;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --datasets}: where the builtin datasets are, for the commands that load one. */
final class DatasetsRoot {
  @Option(
      names = "--datasets",
      description = "where the builtin datasets are (default: ${DEFAULT-VALUE})")
  Path path = BuiltinDataset.defaultRoot();
}
