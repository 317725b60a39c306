package io.neuralforge.operator.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** The namespace a test owns; deleted after the test. */
public record TestNamespace(String name) {
  /** Creates it enforcing Pod Security "restricted", as our users' clusters do. */
  public static TestNamespace create(KubernetesClient client, String name) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("neuralforge.io/test", "true")
                .endMetadata()
                .build())
        .create();
    return new TestNamespace(name);
  }
}
