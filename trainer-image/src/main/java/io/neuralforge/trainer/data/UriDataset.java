package io.neuralforge.trainer.data;

import io.neuralforge.graph.Shape;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A dataset named by {@code uri} and {@code format}, from a local folder (a path or a file: URI) or
 * an {@code s3://bucket/prefix/} fetched into a local folder first:
 *
 * <ul>
 *   <li>{@code idx}: train-images-idx3-ubyte and train-labels-idx1-ubyte (gzipped or not), and
 *       t10k-* as the test split when present; pixels / 255.
 *   <li>{@code cifar10}: the binary version, data_batch_*.bin and test_batch.bin (a label byte and
 *       3x32x32 pixel bytes per record); pixels / 255.
 *   <li>{@code csv}: train.csv (and test.csv), or a single .csv file: feature columns then the
 *       class index; a header row is skipped; values as written.
 *   <li>{@code imagefolder}: one folder per class (see {@link ImageFolder}).
 * </ul>
 */
public final class UriDataset {
  /** CIFAR-10's classes, by label (its batches.meta.txt). */
  private static final List<String> CIFAR10_CLASSES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  private UriDataset() {}

  /**
   * What loading multiplies the stored values of {@code format} by: 1/255 for pixels ({@code idx},
   * {@code cifar10}, {@code imagefolder}), 1 for {@code csv} (values as written).
   */
  public static double scale(String format) {
    return "csv".equals(format) ? 1.0 : 1.0 / BuiltinDataset.PIXEL_LEVELS;
  }

  /**
   * The class names {@code format} fixes without reading the data (CIFAR-10's), else empty: an
   * imagefolder's are its folders, known once loaded.
   */
  public static List<String> classNames(String format) {
    return "cifar10".equals(format) ? CIFAR10_CLASSES : List.of();
  }

  /**
   * A local folder or file: URI; {@code s3://} needs {@link #load(String, String, S3Settings,
   * Path)}.
   */
  public static DatasetSplits load(String uri, String format) {
    return load(uri, format, null, null);
  }

  /**
   * As {@link #load(String, String)}, fetching an {@code s3://} prefix into {@code cache} first.
   */
  public static DatasetSplits load(String uri, String format, S3Settings s3, Path cache) {
    Path path;
    if (uri.startsWith("s3://")) {
      if (s3 == null || cache == null) {
        throw new DatasetException("dataset.uri " + uri + ": no S3 settings to fetch it with");
      }
      path = S3Download.fetch(uri, s3, cache);
    } else {
      path = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
    }
    try {
      return switch (format == null ? "" : format) {
        case "idx" -> idx(path);
        case "cifar10" -> cifar10(path);
        case "csv" -> csv(path);
        case "imagefolder" -> ImageFolder.load(path);
        default ->
            throw new DatasetException(
                "dataset.format must be idx, cifar10, csv or imagefolder for dataset.uri "
                    + uri
                    + ", got "
                    + format);
      };
    } catch (NoSuchFileException e) {
      throw new DatasetException("dataset.uri " + uri + ": " + e.getFile() + " does not exist");
    } catch (IOException | RuntimeException e) {
      if (e instanceof DatasetException d) {
        throw d;
      }
      throw new DatasetException(
          "dataset.uri " + uri + " (" + format + ") could not be read: " + e.getMessage());
    }
  }

  private static DatasetSplits idx(Path dir) throws IOException {
    LabeledData train =
        BuiltinDataset.idx(
            either(dir, "train-images-idx3-ubyte"), either(dir, "train-labels-idx1-ubyte"));
    Path testImages = find(dir, "t10k-images-idx3-ubyte");
    LabeledData test =
        testImages == null
            ? null
            : BuiltinDataset.idx(testImages, either(dir, "t10k-labels-idx1-ubyte"));
    return new DatasetSplits(train, test);
  }

  private static DatasetSplits cifar10(Path dir) throws IOException {
    List<Path> batches;
    try (Stream<Path> files = Files.list(dir)) {
      batches =
          files
              .filter(f -> f.getFileName().toString().matches("data_batch_\\d+\\.bin"))
              .sorted()
              .toList();
    }
    if (batches.isEmpty()) {
      throw new NoSuchFileException(dir.resolve("data_batch_1.bin").toString());
    }
    Path test = dir.resolve("test_batch.bin");
    return new DatasetSplits(
        cifarRecords(batches),
        Files.isRegularFile(test) ? cifarRecords(List.of(test)) : null,
        CIFAR10_CLASSES);
  }

  private static LabeledData cifarRecords(List<Path> files) throws IOException {
    int pixels = 3 * 32 * 32;
    List<byte[]> contents = new ArrayList<>();
    int count = 0;
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      if (bytes.length % (pixels + 1) != 0) {
        throw new IOException(
            f + " is not a whole number of CIFAR-10 records (" + (pixels + 1) + " bytes each)");
      }
      contents.add(bytes);
      count += bytes.length / (pixels + 1);
    }
    float[] features = new float[count * pixels];
    int[] labels = new int[count];
    int n = 0;
    for (byte[] bytes : contents) {
      for (int at = 0; at < bytes.length; at += pixels + 1, n++) {
        labels[n] = bytes[at] & 0xff;
        for (int i = 0; i < pixels; i++) {
          features[n * pixels + i] = (bytes[at + 1 + i] & 0xff) / BuiltinDataset.PIXEL_LEVELS;
        }
      }
    }
    return new LabeledData(Shape.of(3, 32, 32), features, labels, 10);
  }

  private static DatasetSplits csv(Path path) throws IOException {
    if (Files.isRegularFile(path)) {
      return new DatasetSplits(csvFile(path), null);
    }
    Path test = path.resolve("test.csv");
    return new DatasetSplits(
        csvFile(path.resolve("train.csv")), Files.isRegularFile(test) ? csvFile(test) : null);
  }

  private static LabeledData csvFile(Path file) throws IOException {
    List<String> rows = BuiltinDataset.lines(file);
    if (!rows.isEmpty() && !rows.get(0).split(",")[0].trim().matches("-?[0-9.eE+-]+")) {
      rows = rows.subList(1, rows.size()); // a header
    }
    if (rows.isEmpty()) {
      throw new IOException(file + " has no rows");
    }
    int width = rows.get(0).split(",").length - 1;
    int classes = 0;
    for (String row : rows) {
      String[] cells = row.split(",");
      classes = Math.max(classes, (int) Float.parseFloat(cells[cells.length - 1].trim()) + 1);
    }
    return BuiltinDataset.csv(rows, width, 1f, classes);
  }

  /** {@code name} or {@code name.gz} in {@code dir}. */
  private static Path either(Path dir, String name) throws NoSuchFileException {
    Path found = find(dir, name);
    if (found == null) {
      throw new NoSuchFileException(dir.resolve(name).toString());
    }
    return found;
  }

  private static Path find(Path dir, String name) {
    for (String candidate : List.of(name + ".gz", name)) {
      if (Files.isRegularFile(dir.resolve(candidate))) {
        return dir.resolve(candidate);
      }
    }
    return null;
  }
}
