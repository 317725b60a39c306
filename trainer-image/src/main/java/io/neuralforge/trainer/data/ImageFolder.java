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
 */
final class ImageFolder {
  private ImageFolder() {}

  static DatasetSplits load(Path root) throws IOException {
    Path train = root.resolve("train");
    if (!Files.isDirectory(train)) {
      return new DatasetSplits(read(root, null), null);
    }
    List<String> classes = classes(train);
    Path test = root.resolve("test");
    return new DatasetSplits(
        read(train, classes), Files.isDirectory(test) ? read(test, classes) : null);
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
          BufferedImage image = ImageIO.read(file.toFile());
          if (image == null) {
            throw new IOException(file + " is not an image ImageIO can read");
          }
          images.add(image);
          labels.add(c);
          files.add(file);
        }
      }
    }
    if (images.isEmpty()) {
      throw new IOException(dir + " holds no images");
    }
    int w = images.get(0).getWidth();
    int h = images.get(0).getHeight();
    boolean gray = images.stream().allMatch(i -> i.getType() == BufferedImage.TYPE_BYTE_GRAY);
    int channels = gray ? 1 : 3;
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
    return new LabeledData(
        Shape.of(channels, h, w),
        features,
        labels.stream().mapToInt(Integer::intValue).toArray(),
        classes.size());
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
