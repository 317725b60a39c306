package io.neuralforge.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/** Manifests the integration tests apply: inline YAML, or the examples users apply. */
public final class TestManifests {
  private TestManifests() {}

  /** A manifest written in the test. */
  public static <T extends HasMetadata> T parse(
      KubernetesClient client, String yaml, Class<T> type) {
    return client
        .getKubernetesSerialization()
        .unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), type);
  }

  /** A file under examples/, e.g. "architectures/lenet-bn.yaml". */
  public static <T extends HasMetadata> T example(ControlPlane plane, String path, Class<T> type) {
    try (InputStream in =
        Files.newInputStream(plane.repository().resolve("examples").resolve(path))) {
      return plane.client().getKubernetesSerialization().unmarshal(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
