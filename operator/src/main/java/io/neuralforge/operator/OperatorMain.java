package io.neuralforge.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.neuralforge.operator.architecture.ArchitectureReconciler;
import io.neuralforge.operator.events.KubernetesEventSink;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the operator against the current kubeconfig (or the in-cluster service account). */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);
  public static final String COMPONENT = "neuralforge-operator";

  private OperatorMain() {}

  public static void main(String[] args) {
    KubernetesClient client = new KubernetesClientBuilder().build();
    Operator operator = new Operator(o -> o.withKubernetesClient(client));
    operator.register(
        new ArchitectureReconciler(new KubernetesEventSink(client, COMPONENT), Clock.systemUTC()));
    Runtime.getRuntime().addShutdownHook(new Thread(operator::stop, "shutdown"));
    operator.start();
    LOG.info("{} started against {}", COMPONENT, client.getMasterUrl());
  }
}
