package io.neuralforge.trainer.run;

import io.neuralforge.trainer.data.DatasetException;
import io.neuralforge.trainer.data.S3Download;
import io.neuralforge.trainer.data.S3Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Keeps a run's local output folder in an {@code s3://bucket/prefix/}: restores it before training
 * (so that a retried pod resumes from the last checkpoint), and uploads it after every epoch and at
 * the end.
 */
public final class OutputSync implements ProgressSink {
  private final String uri;
  private final S3Settings settings;
  private final Path folder;

  public OutputSync(String uri, S3Settings settings, Path folder) {
    this.uri = uri.endsWith("/") ? uri : uri + "/";
    this.settings = settings;
    this.folder = folder;
  }

  /** Fetches what an earlier attempt left under the prefix; nothing there is a fresh start. */
  public void restore() {
    try {
      S3Download.fetch(uri, settings, folder);
    } catch (DatasetException e) {
      if (!e.getMessage().contains("holds no objects")) {
        throw new UncheckedIOException(new IOException("output " + uri + ": " + e.getMessage()));
      }
    }
  }

  @Override
  public void progress(Progress progress) {}

  @Override
  public void epoch(EpochMetrics metrics) {
    upload();
  }

  @Override
  public void finished(Map<String, Object> metrics) {
    upload();
  }

  /** Uploads every file of the folder. */
  public void upload() {
    String rest = uri.substring("s3://".length());
    String bucket = rest.substring(0, rest.indexOf('/'));
    String prefix = rest.substring(rest.indexOf('/') + 1);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files =
          walk.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".tmp")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (S3Client s3 = settings.client()) {
      for (Path file : files) {
        String key = prefix + folder.relativize(file).toString().replace('\\', '/');
        s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), file);
      }
    } catch (SdkException e) {
      throw new UncheckedIOException(new IOException("output " + uri + ": " + e.getMessage()));
    }
  }
}
