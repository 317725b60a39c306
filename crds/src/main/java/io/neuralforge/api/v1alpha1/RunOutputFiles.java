package io.neuralforge.api.v1alpha1;

/**
 * The files of a run's output folder: what the trainer writes, the exporter reads and {@code
 * status.artifacts} points at. The folder describes itself: the run and the graph it trained, the
 * best epoch's parameters, the metrics, the per-epoch history and pictures of them.
 */
public final class RunOutputFiles {
  public static final String RUN = "run.json";
  public static final String ARCHITECTURE = "architecture.json";

  /** The graph it trained, drawn (what {@code neuralforge draw} draws). */
  public static final String ARCHITECTURE_DIAGRAM = "architecture.svg";

  /** The model's name as DJL saves and loads it; the parameters file is named after it. */
  public static final String MODEL_NAME = "model";

  public static final String MODEL = MODEL_NAME + "-0000.params";
  public static final String METRICS = "metrics.json";
  public static final String HISTORY = "history.csv";

  /** Loss, accuracy, learning rate and gradient norm per epoch, drawn. */
  public static final String CURVES = "curves.png";

  /**
   * A classifier's validation confusion matrix, of the best epoch's model; none for segmentation.
   */
  public static final String CONFUSION = "confusion.png";

  /**
   * Where a run's ModelExports put their files, each a model repository of its own (the layout
   * KServe's Triton runtime loads): {@code exports/<export>/<modelName>/1/model.onnx}, with {@code
   * config.pbtxt} beside {@code 1/}.
   */
  public static final String EXPORTS = "exports/";

  /** The model's one version in its repository folder, and the file in it. */
  public static final String SERVED_MODEL = "1/model.onnx";

  /** Triton's model configuration, beside the version folder. */
  public static final String SERVING_CONFIG = "config.pbtxt";

  private RunOutputFiles() {}
}
