package io.neuralforge.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.neuralforge.operator.architecture.ArchitectureReconciler;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.events.KubernetesEventSink;
import io.neuralforge.operator.modelexport.ModelExportReconciler;
import io.neuralforge.operator.trainingrun.TrainingRunReconciler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the operator against the current kubeconfig (or the in-cluster service account). */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);
  public static final String COMPONENT = "neuralforge-operator";

  private OperatorMain() {}

  public static void main(String[] args) {
    String config = System.getenv("NEURALFORGE_OPERATOR_CONFIG");
    OperatorSettings settings;
    try {
      settings = OperatorSettings.load(config == null ? null : Path.of(config));
    } catch (IOException | RuntimeException e) {
      LOG.error("cannot read the operator configuration {}: {}", config, e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    Operator operator = create(client, settings);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.stop();
                  client.close();
                },
                "shutdown"));
    operator.start();
    LOG.info("{} started against {}", COMPONENT, client.getMasterUrl());
  }

  /** The operator with every reconciler registered, not started (the tests run this too). */
  public static Operator create(KubernetesClient client, OperatorSettings settings) {
    Operator operator =
        new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
    KubernetesEventSink events = new KubernetesEventSink(client, COMPONENT);
    operator.register(new ArchitectureReconciler(events, Clock.systemUTC()));
    operator.register(new TrainingRunReconciler(settings, events, Clock.systemUTC()));
    operator.register(new ModelExportReconciler(settings, events, Clock.systemUTC()));
    return operator;
  }
}
