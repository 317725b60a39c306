package io.neuralforge.trainer.data;

/** A dataset's training part and, where it has one, its official test split (else null). */
public record DatasetSplits(LabeledData train, LabeledData test) {}
