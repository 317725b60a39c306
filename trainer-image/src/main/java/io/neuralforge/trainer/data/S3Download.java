package io.neuralforge.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Copies everything under an {@code s3://bucket/prefix/} into a local folder, keeping the paths
 * below the prefix, so the local format readers take it from there. Objects already there with the
 * same size are not fetched again (a retried pod resumes its download).
 */
public final class S3Download {
  private S3Download() {}

  public static Path fetch(String uri, S3Settings settings, Path target) {
    if (!uri.startsWith("s3://") || uri.length() <= 5) {
      throw new DatasetException("dataset.uri " + uri + " is not of the form s3://bucket/prefix/");
    }
    String rest = uri.substring(5);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    int fetched = 0;
    try (S3Client s3 = settings.client()) {
      for (S3Object object :
          s3.listObjectsV2Paginator(
                  ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
              .contents()) {
        String relative = object.key().substring(prefix.length());
        if (relative.isEmpty() || relative.endsWith("/")) {
          continue;
        }
        Path local = target.resolve(relative).normalize();
        if (!local.startsWith(target)) {
          throw new DatasetException(
              "dataset.uri " + uri + ": object " + object.key() + " escapes the download folder");
        }
        if (Files.isRegularFile(local) && Files.size(local) == object.size()) {
          fetched++;
          continue;
        }
        Files.createDirectories(local.getParent());
        Path partial = local.resolveSibling(local.getFileName() + ".part");
        Files.deleteIfExists(partial);
        s3.getObject(GetObjectRequest.builder().bucket(bucket).key(object.key()).build(), partial);
        Files.move(partial, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        fetched++;
      }
    } catch (SdkException e) {
      throw new DatasetException("dataset.uri " + uri + ": " + e.getMessage());
    } catch (IOException e) {
      throw new DatasetException(
          "dataset.uri " + uri + ": could not write " + target + ": " + e.getMessage());
    }
    if (fetched == 0) {
      throw new DatasetException("dataset.uri " + uri + " holds no objects");
    }
    return target;
  }
}
