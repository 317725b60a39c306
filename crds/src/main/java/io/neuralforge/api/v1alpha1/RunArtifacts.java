package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a run's outputs are. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunArtifacts {

  /** The output folder (s3:// URI, or pvc://claim/path). */
  public String directory;

  /** The trained parameters. */
  public String model;

  /** metrics.json. */
  public String metrics;

  /** architecture.svg: the graph the run trained, drawn with each edge's tensor shape. */
  public String architectureDiagram;

  /** curves.png: loss, accuracy, learning rate and gradient norm per epoch. */
  public String curves;

  /**
   * confusion.png: the validation confusion matrix of the model kept; written for classifiers only,
   * a segmentation run has none.
   */
  public String confusion;
}
