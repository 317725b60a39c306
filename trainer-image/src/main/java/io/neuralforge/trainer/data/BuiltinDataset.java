package io.neuralforge.trainer.data;

import io.neuralforge.graph.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The builtin datasets (spec.dataset.builtin), read from the files make build fetched. */
public enum BuiltinDataset {
  /** Fashion-MNIST's official 60k/10k split, pixels / 255. */
  FASHION_MNIST(
      "fashion-mnist",
      BuiltinDataset.PIXEL_LEVELS,
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot")) {
    @Override
    DatasetSplits load(Path dir) throws IOException {
      return new DatasetSplits(
          idx(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz")),
          idx(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz")),
          classNames());
    }
  },
  /** scikit-learn's 8x8 digits: 1,797 samples of 64 pixels / 16. */
  DIGITS("digits", 16f, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")) {
    @Override
    DatasetSplits load(Path dir) throws IOException {
      List<String> rows = lines(dir.resolve("digits.csv.gz"));
      return new DatasetSplits(csv(rows, 64, divisor, 10), null, classNames());
    }
  },
  /** scikit-learn's iris: 150 samples of 4 measurements in cm, 3 classes. */
  IRIS("iris", 1f, List.of("setosa", "versicolor", "virginica")) {
    @Override
    DatasetSplits load(Path dir) throws IOException {
      List<String> rows = lines(dir.resolve("iris.csv"));
      return new DatasetSplits(
          csv(rows.subList(1, rows.size()), 4, divisor, 3), // first line: a header
          null,
          classNames());
    }
  };

  /** What image datasets divide their 8-bit pixels by: values in [0, 1]. */
  public static final float PIXEL_LEVELS = 255f;

  private final String id;

  /** What the loader divides the stored values by (pixel bytes, or the CSV's numbers). */
  final float divisor;

  private final List<String> classNames;

  BuiltinDataset(String id, float divisor, List<String> classNames) {
    this.id = id;
    this.divisor = divisor;
    this.classNames = classNames;
  }

  /** The classes' names by index, known without loading the data. */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * What the loader multiplies the stored values by (1/255 for pixel bytes, 1/16 for the digits' 0
   * to 16, 1 for iris's centimetres); {@code (float) (stored * scale())} is the loaded value.
   */
  public double scale() {
    return 1.0 / divisor;
  }

  /** The name a TrainingRun uses, e.g. {@code fashion-mnist}. */
  public String id() {
    return id;
  }

  abstract DatasetSplits load(Path dir) throws IOException;

  /** Loads from {@code root/<id>}; a missing file is a {@link DatasetException} naming it. */
  public DatasetSplits loadFrom(Path root) {
    Path dir = root.resolve(id);
    try {
      return load(dir);
    } catch (NoSuchFileException e) {
      throw new DatasetException(
          "builtin dataset "
              + id
              + " is not installed ("
              + e.getFile()
              + " is missing): run 'make build' or hack/fetch-datasets.sh");
    } catch (IOException | RuntimeException e) {
      throw new DatasetException(
          "builtin dataset " + id + " could not be read from " + dir + ": " + e.getMessage());
    }
  }

  public static BuiltinDataset byId(String id) {
    for (BuiltinDataset d : values()) {
      if (d.id.equals(id)) {
        return d;
      }
    }
    return null;
  }

  /** The dataset a TrainingRun names; an unknown name is a {@link DatasetException}. */
  public static BuiltinDataset named(String id) {
    BuiltinDataset found = byId(id);
    if (found == null) {
      throw new DatasetException(
          "dataset.builtin \"" + id + "\" is not one of fashion-mnist, digits, iris");
    }
    return found;
  }

  /** Where the builtin datasets are: $NEURALFORGE_DATASETS, else ~/.cache/neuralforge/datasets. */
  public static Path defaultRoot() {
    String configured = System.getenv("NEURALFORGE_DATASETS");
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "neuralforge", "datasets");
  }

  static LabeledData idx(Path imagesFile, Path labelsFile) throws IOException {
    IdxFile images = IdxFile.read(imagesFile);
    IdxFile labels = IdxFile.read(labelsFile);
    int count = labels.dims()[0];
    if (images.dims().length != 3 || images.dims()[0] != count) {
      throw new IOException(imagesFile + " does not hold " + count + " images of [H, W]");
    }
    float[] features = new float[images.data().length];
    for (int i = 0; i < features.length; i++) {
      features[i] = images.unsigned(i) / PIXEL_LEVELS;
    }
    int[] classes = new int[count];
    int max = 0;
    for (int i = 0; i < count; i++) {
      classes[i] = labels.unsigned(i);
      max = Math.max(max, classes[i]);
    }
    return new LabeledData(
        Shape.of(1, images.dims()[1], images.dims()[2]), features, classes, max + 1);
  }

  /** Rows of {@code width} feature values then the class index, as scikit-learn ships them. */
  static LabeledData csv(List<String> rows, int width, float scale, int classes)
      throws IOException {
    float[] features = new float[rows.size() * width];
    int[] labels = new int[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      String[] cells = rows.get(r).split(",");
      if (cells.length != width + 1) {
        throw new IOException(
            "row " + (r + 1) + " has " + cells.length + " values, expected " + (width + 1));
      }
      for (int c = 0; c < width; c++) {
        features[r * width + c] = Float.parseFloat(cells[c].trim()) / scale;
      }
      labels[r] = (int) Float.parseFloat(cells[width].trim());
    }
    return new LabeledData(Shape.of(width), features, labels, classes);
  }

  static List<String> lines(Path file) throws IOException {
    boolean gzip = file.toString().endsWith(".gz");
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                gzip ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file),
                StandardCharsets.UTF_8))) {
      List<String> lines = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
      return lines;
    }
  }
}
