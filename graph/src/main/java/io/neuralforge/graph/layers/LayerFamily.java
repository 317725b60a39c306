package io.neuralforge.graph.layers;

/** The catalog's families; the trainer and the exporter each have one builder per family. */
public enum LayerFamily {
  DENSE,
  CONVOLUTION,
  POOLING,
  NORMALIZATION,
  ACTIVATION,
  STRUCTURE,
  SEQUENCE
}
