package io.neuralforge.trainer.data;

import io.neuralforge.graph.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * torchvision's ImageFolder layout: one folder per class (classes in alphabetical order), under
 * train/ and test/ when the split is given, else directly under the root. Every image must have the
 * same size; grayscale images give one channel, anything else three (RGB); pixels / 255.
 *
 * <p>A folder holding {@code images/} and {@code masks/} is segmentation data instead: each image
 * has a mask of the same size and file name (any image extension) whose pixel values, gray or
 * palette indices, are class indices; the classes are 0 to the largest index found.
 */
final class ImageFolder {
  private ImageFolder() {}

  static DatasetSplits load(Path root) throws IOException {
    Path train = root.resolve("train");
    if (!Files.isDirectory(train)) {
      LabeledData data = read(root, null);
      return new DatasetSplits(data, null, data.perPixel() ? List.of() : classes(root));
    }
    List<String> classes = classes(train);
    Path test = root.resolve("test");
    LabeledData trainData = read(train, classes);
    return new DatasetSplits(
        trainData,
        Files.isDirectory(test) ? read(test, classes) : null,
        trainData.perPixel() ? List.of() : classes);
  }

  private static List<String> classes(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> classes =
          entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      if (classes.isEmpty()) {
        throw new IOException(dir + " has no class folders");
      }
      return classes;
    }
  }

  private static LabeledData read(Path dir, List<String> knownClasses) throws IOException {
    if (Files.isDirectory(dir.resolve("images")) && Files.isDirectory(dir.resolve("masks"))) {
      return readMasked(dir);
    }
    List<String> classes = knownClasses == null ? classes(dir) : knownClasses;
    List<BufferedImage> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      Path classDir = dir.resolve(classes.get(c));
      if (!Files.isDirectory(classDir)) {
        continue;
      }
      try (Stream<Path> entries = Files.list(classDir)) {
        for (Path file : entries.filter(ImageFolder::isImage).sorted().toList()) {
          images.add(image(file));
          labels.add(c);
          files.add(file);
        }
      }
    }
    if (images.isEmpty()) {
      throw new IOException(dir + " holds no images");
    }
    return new LabeledData(
        shape(images),
        pixels(images, files),
        labels.stream().mapToInt(Integer::intValue).toArray(),
        classes.size());
  }

  private static LabeledData readMasked(Path dir) throws IOException {
    List<BufferedImage> images = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<BufferedImage> masks = new ArrayList<>();
    List<Path> maskFiles = new ArrayList<>();
    for (Path file : imagesIn(dir.resolve("images"))) {
      images.add(image(file));
      files.add(file);
      Path mask = maskOf(dir.resolve("masks"), file);
      masks.add(image(mask));
      maskFiles.add(mask);
    }
    if (images.isEmpty()) {
      throw new IOException(dir.resolve("images") + " holds no images");
    }
    Shape shape = shape(images);
    float[] features = pixels(images, files); // checks that the images have one size
    int h = shape.dim(1), w = shape.dim(2);
    int[] labels = new int[images.size() * h * w];
    int classes = 0;
    for (int n = 0; n < masks.size(); n++) {
      BufferedImage mask = masks.get(n);
      if (mask.getWidth() != w || mask.getHeight() != h) {
        throw new IOException(
            maskFiles.get(n) + " is not the size of its image " + files.get(n).getFileName());
      }
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int label = mask.getRaster().getSample(x, y, 0);
          labels[(n * h + y) * w + x] = label;
          classes = Math.max(classes, label + 1);
        }
      }
    }
    return new LabeledData(shape, features, Shape.of(h, w), labels, classes);
  }

  private static List<Path> imagesIn(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(ImageFolder::isImage).sorted().toList();
    }
  }

  private static Path maskOf(Path masks, Path image) throws IOException {
    String name = image.getFileName().toString();
    String stem = name.substring(0, name.lastIndexOf('.'));
    for (Path candidate : imagesIn(masks)) {
      String other = candidate.getFileName().toString();
      if (other.substring(0, other.lastIndexOf('.')).equals(stem)) {
        return candidate;
      }
    }
    throw new IOException(image + " has no mask " + stem + ".* in " + masks);
  }

  private static BufferedImage image(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) {
      throw new IOException(file + " is not an image ImageIO can read");
    }
    return image;
  }

  private static Shape shape(List<BufferedImage> images) {
    boolean gray = images.stream().allMatch(i -> i.getType() == BufferedImage.TYPE_BYTE_GRAY);
    return Shape.of(gray ? 1 : 3, images.get(0).getHeight(), images.get(0).getWidth());
  }

  /** The images' pixels / 255, channels first, one after another; all must have one size. */
  private static float[] pixels(List<BufferedImage> images, List<Path> files) throws IOException {
    Shape shape = shape(images);
    int channels = shape.dim(0), h = shape.dim(1), w = shape.dim(2);
    boolean gray = channels == 1;
    float[] features = new float[images.size() * channels * h * w];
    for (int n = 0; n < images.size(); n++) {
      BufferedImage image = images.get(n);
      if (image.getWidth() != w || image.getHeight() != h) {
        throw new IOException(
            files.get(n)
                + " is "
                + image.getWidth()
                + "x"
                + image.getHeight()
                + ", the others "
                + w
                + "x"
                + h
                + ": resize the images to one size");
      }
      int base = n * channels * h * w;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int rgb = image.getRGB(x, y);
          if (gray) {
            features[base + y * w + x] = (rgb & 0xff) / 255f;
          } else {
            features[base + y * w + x] = ((rgb >> 16) & 0xff) / 255f;
            features[base + h * w + y * w + x] = ((rgb >> 8) & 0xff) / 255f;
            features[base + 2 * h * w + y * w + x] = (rgb & 0xff) / 255f;
          }
        }
      }
    }
    return features;
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".png")
        || name.endsWith(".jpg")
        || name.endsWith(".jpeg")
        || name.endsWith(".bmp")
        || name.endsWith(".gif");
  }
}
