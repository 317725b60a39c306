package io.neuralforge.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.config.Cloner;
import io.neuralforge.api.reading.ReadProblems;
import io.neuralforge.api.reading.TolerantSerialization;

/**
 * The operator's client: it reads our resources leniently, so that one object stored under an older
 * schema (a number the code cannot hold, a list where an object belongs) comes to its reconciler
 * with the problem named instead of stopping the informer that lists it, and with it the operator,
 * for every namespace.
 */
public final class OperatorClient {
  private OperatorClient() {}

  /**
   * JOSDK hands reconcilers a copy of each cached resource, made through JSON: this one carries the
   * read problem over, which JSON would drop.
   */
  public static Cloner cloner(KubernetesSerialization serialization) {
    return new Cloner() {
      @Override
      public <R extends HasMetadata> R clone(R resource) {
        R copy = serialization.clone(resource);
        if (resource instanceof ReadProblems from && copy instanceof ReadProblems to) {
          to.readProblem(from.readProblem());
        }
        return copy;
      }
    };
  }

  public static KubernetesClientBuilder builder() {
    return new KubernetesClientBuilder().withKubernetesSerialization(new TolerantSerialization());
  }
}
