package io.neuralforge.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.neuralforge.operator.OperatorMain;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.metrics.OperatorMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The operator as OperatorMain assembles it, started for an integration test. */
public final class TestOperator {
  private TestOperator() {}

  /** Started with the default settings and metrics of its own. */
  public static Operator start(KubernetesClient client) {
    return start(client, new PrometheusRegistry());
  }

  /** Started with the default settings, its metrics in {@code registry}. */
  public static Operator start(KubernetesClient client, PrometheusRegistry registry) {
    Operator operator =
        OperatorMain.create(client, OperatorSettings.defaults(), new OperatorMetrics(registry));
    operator.start();
    return operator;
  }
}
