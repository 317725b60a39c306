package io.neuralforge.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuralforge.testsupport.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * s3:// datasets and run outputs, against a real S3-compatible server (s3proxy) on loopback, with
 * signed requests.
 */
class S3DatasetIT {
  private static S3TestServer server;
  private static S3Settings settings;

  @BeforeAll
  static void start() throws Exception {
    server = S3TestServer.start("127.0.0.1", "datasets", "models");
    settings =
        new S3Settings(
            server.endpoint(), S3TestServer.REGION, S3TestServer.KEY, S3TestServer.SECRET);
    try (S3Client s3 = settings.client()) {
      s3.putObject(
          b -> b.bucket("datasets").key("toy/train.csv"),
          RequestBody.fromString("x,y,label\n1,2,0\n3,4,1\n5,6,1\n"));
      s3.putObject(
          b -> b.bucket("datasets").key("toy/test.csv"), RequestBody.fromString("7,8,0\n"));
      s3.putObject(
          b -> b.bucket("datasets").key("other/readme.txt"),
          RequestBody.fromString("not part of toy"));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void aRunsOutputFolderGoesUpAndARetriedPodGetsItBack(@TempDir Path dir) throws Exception {
    Path first = Files.createDirectories(dir.resolve("first/checkpoint"));
    Files.writeString(first.resolve("state.json"), "{\"completedEpochs\":3}");
    Files.writeString(dir.resolve("first/metrics.json"), "{}");
    io.neuralforge.trainer.run.OutputSync up =
        new io.neuralforge.trainer.run.OutputSync(
            "s3://models/team-a/run-1", settings, dir.resolve("first"));
    up.restore(); // nothing there yet: a fresh start
    up.upload();
    Path second = dir.resolve("second");
    new io.neuralforge.trainer.run.OutputSync("s3://models/team-a/run-1/", settings, second)
        .restore();
    assertThat(second.resolve("checkpoint/state.json")).hasContent("{\"completedEpochs\":3}");
    assertThat(second.resolve("metrics.json")).hasContent("{}");
  }

  @Test
  void aPrefixIsFetchedThenReadInItsFormat(@TempDir Path cache) throws Exception {
    DatasetSplits splits = UriDataset.load("s3://datasets/toy/", "csv", settings, cache);
    assertThat(splits.train().count()).isEqualTo(3);
    assertThat(splits.test().count()).isEqualTo(1);
    assertThat(cache.resolve("train.csv")).isRegularFile();
    assertThat(cache.resolve("readme.txt")).doesNotExist();
    // a second fetch finds the files and reads them again
    Files.writeString(cache.resolve("marker"), "x");
    assertThat(UriDataset.load("s3://datasets/toy/", "csv", settings, cache).train().count())
        .isEqualTo(3);
  }

  @Test
  void missingDataAndWrongCredentialsAreOneLineErrors(@TempDir Path cache) {
    assertThatThrownBy(() -> UriDataset.load("s3://datasets/nothing-here/", "csv", settings, cache))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("holds no objects");
    S3Settings wrong =
        new S3Settings(settings.endpoint(), S3TestServer.REGION, S3TestServer.KEY, "wrong-secret");
    assertThatThrownBy(() -> UriDataset.load("s3://datasets/toy/", "csv", wrong, cache))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("s3://datasets/toy/");
  }
}
