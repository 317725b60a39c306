package io.neuralforge.operator.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.neuralforge.operator.status.BoundedText;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events against the object they concern, as kubectl describe shows them. Sent in
 * the background, as Kubernetes' own event recorders do: a reconcile does not wait for an event,
 * and when the API server falls behind by {@value #BACKLOG} events, newer ones are dropped with a
 * warning rather than held in memory without end.
 */
public final class KubernetesEventSink implements EventSink {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventSink.class);
  private static final int MAX_MESSAGE = 1024;
  private static final int BACKLOG = 1000;
  private final KubernetesClient client;
  private final String component;
  private final ExecutorService sender =
      new ThreadPoolExecutor(
          2,
          2,
          0,
          TimeUnit.SECONDS,
          new ArrayBlockingQueue<>(BACKLOG),
          task -> {
            Thread thread = new Thread(task, "events");
            thread.setDaemon(true);
            return thread;
          },
          (task, pool) ->
              LOG.warn("event backlog full ({} events): an event was dropped", BACKLOG));

  public KubernetesEventSink(KubernetesClient client, String component) {
    this.client = client;
    this.component = component;
  }

  @Override
  public void emit(HasMetadata regarding, String type, String reason, String message) {
    String now = Instant.now().toString();
    String text = BoundedText.cut(message, MAX_MESSAGE);
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
    sender.execute(() -> send(event));
  }

  private void send(Event event) {
    try {
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
    } catch (RuntimeException e) {
      // An event is a courtesy; failing to record one must not fail anything else.
      LOG.warn(
          "could not record event {} for {}: {}",
          event.getReason(),
          event.getInvolvedObject().getName(),
          e.getMessage());
    }
  }
}
