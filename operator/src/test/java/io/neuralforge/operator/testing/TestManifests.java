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

  /** Creates a manifest written in the test (formatted with {@code args}); returns it as stored. */
  public static <T extends HasMetadata> T create(
      KubernetesClient client, Class<T> type, String yaml, Object... args) {
    return client.resource(parse(client, yaml.formatted(args), type)).create();
  }

  /** Creates the smallest Valid Architecture, one Linear layer from 4 features to 3, named so. */
  public static void createLinear(KubernetesClient client, TestNamespace ns, String name) {
    create(
        client,
        io.neuralforge.api.v1alpha1.Architecture.class,
        """
        apiVersion: neuralforge.io/v1alpha1
        kind: Architecture
        metadata: {name: %s, namespace: %s}
        spec:
          inputs: [{name: x, shape: [4]}]
          nodes: [{id: fc, type: Linear, inputs: [x], params: {outFeatures: 3}}]
          outputs: [fc]
        """,
        name,
        ns.name());
  }

  /** Creates an example, e.g. "architectures/lenet-bn.yaml", in the namespace. */
  public static void createExample(ControlPlane plane, TestNamespace ns, String path) {
    plane
        .client()
        .resource(
            example(plane, path, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class))
        .inNamespace(ns.name())
        .create();
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
