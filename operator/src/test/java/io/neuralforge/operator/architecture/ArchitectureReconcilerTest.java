package io.neuralforge.operator.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.operator.events.EventSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArchitectureReconcilerTest {
  private final List<String> events = new ArrayList<>();
  private final EventSink sink =
      (object, type, reason, message) -> events.add(type + " " + reason + ": " + message);

  @SuppressWarnings("unchecked")
  private final Context<Architecture> context = mock(Context.class);

  private Architecture architecture;

  @BeforeEach
  void load() throws IOException {
    try (InputStream in =
        Files.newInputStream(Path.of("../examples/architectures/lenet-bn.yaml"))) {
      architecture = Serialization.unmarshal(in, Architecture.class);
    }
    architecture.getMetadata().setNamespace("team-a");
    architecture.getMetadata().setGeneration(1L);
  }

  private UpdateControl<Architecture> reconcileAt(String instant) {
    Clock clock = Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    UpdateControl<Architecture> control =
        new ArchitectureReconciler(sink, clock).reconcile(architecture, context);
    if (control.isPatchStatus()) {
      architecture.setStatus(
          control.getResource().orElseThrow().getStatus()); // as the API server would
    }
    return control;
  }

  private Condition valid() {
    return architecture.getStatus().conditions.get(0);
  }

  @Test
  void writesStatusOnceAndOnlyWhenItChanges() {
    UpdateControl<Architecture> first = reconcileAt("2026-01-01T00:00:00Z");
    assertThat(first.isPatchStatus()).isTrue();
    Architecture patch = first.getResource().orElseThrow();
    assertThat(patch.getSpec()).as("the status patch carries status alone").isNull();
    assertThat(patch.getMetadata().getName()).isEqualTo("lenet-bn");
    assertThat(architecture.getStatus().phase).isEqualTo("Valid");
    assertThat(architecture.getStatus().parameterCount).isEqualTo(421_834L);
    assertThat(architecture.getStatus().observedGeneration).isEqualTo(1L);
    assertThat(valid().getStatus()).isEqualTo("True");
    assertThat(valid().getObservedGeneration()).isEqualTo(1L);

    assertThat(reconcileAt("2026-01-01T00:05:00Z").isNoUpdate()).isTrue();
    assertThat(events).isEmpty();
  }

  @Test
  void brokenGraphTurnsInvalidWithOneWarningEvent() {
    reconcileAt("2026-01-01T00:00:00Z");
    architecture.getSpec().nodes.get(0).params.put("kernelSize", 0);
    architecture.getMetadata().setGeneration(2L);

    assertThat(reconcileAt("2026-01-01T00:10:00Z").isPatchStatus()).isTrue();
    assertThat(architecture.getStatus().phase).isEqualTo("Invalid");
    assertThat(architecture.getStatus().errors)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.node).isEqualTo("conv1");
              assertThat(e.field).isEqualTo("kernelSize");
            });
    assertThat(valid().getStatus()).isEqualTo("False");
    assertThat(valid().getReason()).isEqualTo("GraphInvalid");
    assertThat(valid().getObservedGeneration()).isEqualTo(2L);
    assertThat(valid().getLastTransitionTime()).isEqualTo("2026-01-01T00:10:00Z");
    assertThat(events)
        .singleElement()
        .satisfies(e -> assertThat(e).startsWith("Warning GraphInvalid: node conv1, kernelSize"));

    architecture
        .getMetadata()
        .setGeneration(3L); // still broken: no second event, transition time kept
    reconcileAt("2026-01-01T00:20:00Z");
    assertThat(events).hasSize(1);
    assertThat(valid().getObservedGeneration()).isEqualTo(3L);
    assertThat(valid().getLastTransitionTime()).isEqualTo("2026-01-01T00:10:00Z");
  }
}
