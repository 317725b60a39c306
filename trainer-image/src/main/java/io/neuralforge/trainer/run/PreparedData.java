package io.neuralforge.trainer.run;

import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.Shape;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.graph.layers.Params;
import io.neuralforge.trainer.data.Augmentations;
import io.neuralforge.trainer.data.BuiltinDataset;
import io.neuralforge.trainer.data.DatasetException;
import io.neuralforge.trainer.data.DatasetSplits;
import io.neuralforge.trainer.data.LabeledData;
import io.neuralforge.trainer.data.S3Settings;
import io.neuralforge.trainer.data.UriDataset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A run's data, fitted to its architecture: samples reshaped to the model input (when the element
 * counts match), the validation part split from training with the run's seed, and the official test
 * split where the dataset has one (else null).
 *
 * @param classNames the classes' names by index where the dataset knows them, else empty
 */
public record PreparedData(
    LabeledData train,
    LabeledData validation,
    LabeledData test,
    Augmentations augmentations,
    List<String> classNames) {

  /**
   * sha256 of the data as loaded (training and validation parts in the order of the seeded split,
   * then the test split): the same files, seed and fraction give the same digest.
   */
  public String digest() {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      for (LabeledData part : new LabeledData[] {train, validation, test}) {
        if (part != null) {
          part.addTo(sha);
        }
      }
      return "sha256:" + java.util.HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  public static PreparedData prepare(
      RunSpec.Dataset dataset,
      GraphSpec graph,
      ValidationResult validated,
      long seed,
      Path datasetsRoot) {
    DatasetSplits splits = load(dataset, datasetsRoot);
    if (graph.inputs().size() != 1) {
      throw new DatasetException("the architecture must have one input to train on a dataset");
    }
    Shape input = Shape.of(graph.inputs().get(0).shape());
    LabeledData all = fit(splits.train(), input, dataset);
    if ("int64".equals(graph.inputs().get(0).dtype())) {
      TokenTable table = TokenTable.of(graph, dataset);
      table.check(all, dataset);
      if (splits.test() != null) {
        table.check(splits.test(), dataset);
      }
    }
    checkClasses(all, validated);
    LabeledData test = splits.test() == null ? null : fit(splits.test(), input, dataset);
    return split(all, test, splits.classNames(), dataset, seed, input);
  }

  /**
   * The run's data as the dataset holds it, split as training splits it, without an architecture to
   * fit it to: samples keep the dataset's own shape (what {@code neuralforge dataset preview} shows
   * when given no architecture).
   */
  public static PreparedData unfitted(RunSpec.Dataset dataset, long seed, Path datasetsRoot) {
    DatasetSplits splits = load(dataset, datasetsRoot);
    return split(
        splits.train(),
        splits.test(),
        splits.classNames(),
        dataset,
        seed,
        splits.train().sampleShape());
  }

  /** The validation part drawn from {@code all} with the run's seed; the rest trains. */
  private static PreparedData split(
      LabeledData all,
      LabeledData test,
      List<String> classNames,
      RunSpec.Dataset dataset,
      long seed,
      Shape input) {
    double fraction = dataset.validationFractionOrDefault();
    if (fraction < 0 || fraction >= 1) {
      throw new DatasetException("dataset.validationFraction must be in [0, 1), got " + fraction);
    }
    int[] order = shuffled(all.count(), new Random(seed));
    int validationCount = (int) Math.floor(all.count() * fraction);
    LabeledData validation = all.select(Arrays.copyOfRange(order, 0, validationCount));
    LabeledData train = all.select(Arrays.copyOfRange(order, validationCount, order.length));
    return new PreparedData(
        train, validation, test, Augmentations.parse(dataset.augmentations(), input), classNames);
  }

  private static DatasetSplits load(RunSpec.Dataset dataset, Path root) {
    if (dataset.builtin() != null) {
      return BuiltinDataset.named(dataset.builtin()).loadFrom(root);
    }
    if (dataset.uri() != null) {
      // s3:// prefixes are fetched under the datasets root, where a retried pod finds them again
      Path cache =
          root.resolve("s3").resolve(dataset.uri().substring(5).replaceAll("[^A-Za-z0-9._-]", "_"));
      return UriDataset.load(dataset.uri(), dataset.format(), S3Settings.fromEnvironment(), cache);
    }
    throw new DatasetException("dataset needs builtin or uri");
  }

  private static LabeledData fit(LabeledData data, Shape input, RunSpec.Dataset dataset) {
    if (data.sampleShape().elements() != input.elements()) {
      throw new DatasetException(
          "dataset "
              + name(dataset)
              + " has samples of shape "
              + data.sampleShape()
              + ", which do not fit the architecture's input "
              + input);
    }
    return data.withSampleShape(input);
  }

  /** The dataset as its spec names it: the builtin's id or the uri. */
  private static String name(RunSpec.Dataset dataset) {
    return dataset.builtin() != null ? dataset.builtin() : dataset.uri();
  }

  /**
   * What an int64 input takes: token ids, every feature a whole number from 0 up, exact in the
   * float the trainer carries it in, below the vector count of the smallest Embedding that reads it
   * (libtorch would fail mid-epoch, and on a GPU kill the device's context).
   *
   * @param embedding that Embedding's id, null when none reads the input
   */
  private record TokenTable(String embedding, int vectors) {
    private static final int EXACT_IN_FLOAT = 1 << 24;

    /** The graph's table; refuses augmentations, which no token id takes. */
    static TokenTable of(GraphSpec graph, RunSpec.Dataset dataset) {
      if (dataset.augmentations() != null && !dataset.augmentations().isEmpty()) {
        throw new DatasetException(
            "dataset.augmentations: the architecture's input is int64 token ids, which no"
                + " augmentation applies to");
      }
      String input = graph.inputs().get(0).name();
      TokenTable table = new TokenTable(null, EXACT_IN_FLOAT);
      for (GraphSpec.Node node : graph.nodes()) {
        if ("Embedding".equals(node.type()) && node.inputs().contains(input)) {
          int count = new Params(node.params()).requiredInt("numEmbeddings", 1);
          if (count < table.vectors()) {
            table = new TokenTable(node.id(), count);
          }
        }
      }
      return table;
    }

    void check(LabeledData data, RunSpec.Dataset dataset) {
      float[] features = data.features();
      long size = data.sampleShape().elements();
      for (int i = 0; i < features.length; i++) {
        float id = features[i];
        if (!(id >= 0 && id < EXACT_IN_FLOAT && id == Math.rint(id))) {
          throw new DatasetException(
              "dataset "
                  + name(dataset)
                  + ": sample "
                  + (i / size)
                  + " has "
                  + id
                  + " where the architecture's int64 input takes token ids (whole numbers from 0"
                  + " to 16,777,215)");
        }
        if (id >= vectors) {
          throw new DatasetException(
              "dataset "
                  + name(dataset)
                  + ": sample "
                  + (i / size)
                  + " has token id "
                  + (long) id
                  + ", but Embedding "
                  + embedding
                  + " has "
                  + vectors
                  + " vectors (ids 0 to "
                  + (vectors - 1)
                  + ")");
        }
      }
    }
  }

  private static void checkClasses(LabeledData data, ValidationResult validated) {
    if (data.perPixel()) {
      checkSegmentation(data, validated);
      return;
    }
    int classes = data.classes();
    var outputs = validated.outputs();
    var shape = outputs.get(0).shape();
    if (outputs.size() != 1 || shape.size() != 1 || shape.get(0) != classes) {
      throw new DatasetException(
          "output "
              + outputs.get(0).name()
              + " has shape "
              + shape
              + " but the dataset has "
              + classes
              + " classes: a classifier's output must be ["
              + classes
              + "]");
    }
  }

  /** A segmentation model's output is [C, H, W]: a score per class for every pixel of the mask. */
  private static void checkSegmentation(LabeledData data, ValidationResult validated) {
    var output = validated.outputs().get(0);
    List<Integer> mask = Arrays.stream(data.labelShape().dims()).boxed().toList();
    List<Integer> shape = output.shape();
    boolean fits =
        validated.outputs().size() == 1
            && shape.size() == mask.size() + 1
            && shape.subList(1, shape.size()).equals(mask)
            && shape.get(0) >= Math.max(2, data.classes());
    if (!fits) {
      throw new DatasetException(
          "output "
              + output.name()
              + " has shape "
              + shape
              + " but the dataset labels every pixel of "
              + mask
              + " with "
              + data.classes()
              + " classes: a segmentation model's output must be [classes, "
              + mask.stream()
                  .map(String::valueOf)
                  .collect(java.util.stream.Collectors.joining(", "))
              + "] with at least "
              + Math.max(2, data.classes())
              + " classes");
    }
  }

  static int[] shuffled(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
