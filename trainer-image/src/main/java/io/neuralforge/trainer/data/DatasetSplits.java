package io.neuralforge.trainer.data;

import java.util.List;

/**
 * A dataset's training part and, where it has one, its official test split (else null).
 *
 * @param classNames the classes' names by index, where the dataset knows them (else empty)
 */
public record DatasetSplits(LabeledData train, LabeledData test, List<String> classNames) {

  /** A dataset whose classes have no names but their indices. */
  public DatasetSplits(LabeledData train, LabeledData test) {
    this(train, test, List.of());
  }
}
