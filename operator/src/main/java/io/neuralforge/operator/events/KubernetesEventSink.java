package io.neuralforge.operator.events;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records core/v1 Events against the object they concern, as kubectl describe shows them. */
public final class KubernetesEventSink implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventSink.class);
  private static final int MAX_MESSAGE = 1024;
  private final KubernetesClient client;
  private final String component;

  public KubernetesEventSink(KubernetesClient client, String component) {
    this.client = client;
    this.component = component;
  }

  @Override
  public void emit(HasMetadata regarding, String type, String reason, String message) {
    String now = Instant.now().toString();
    String text =
        message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withGenerateName(regarding.getMetadata().getName() + ".")
            .withNamespace(regarding.getMetadata().getNamespace())
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(regarding.getApiVersion())
                    .withKind(regarding.getKind())
                    .withName(regarding.getMetadata().getName())
                    .withNamespace(regarding.getMetadata().getNamespace())
                    .withUid(regarding.getMetadata().getUid())
                    .withResourceVersion(regarding.getMetadata().getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(text)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(component)
            .endSource()
            .withReportingComponent(component)
            .build();
    try {
      client
          .v1()
          .events()
          .inNamespace(regarding.getMetadata().getNamespace())
          .resource(event)
          .create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy; failing to record one must not fail the reconcile.
      LOG.warn(
          "could not record event {} for {}: {}",
          reason,
          regarding.getMetadata().getName(),
          e.getMessage());
    }
  }
}
