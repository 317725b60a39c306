package io.neuralforge.operator.trainingsweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NamespaceableResource;
import io.fabric8.kubernetes.client.dsl.WritableOperation;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.neuralforge.api.v1alpha1.ConditionTypes;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.SweepAlgorithm;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.operator.events.EventSink;
import io.neuralforge.operator.metrics.OperatorMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconcile's actions against a client that answers as the API server would when a tenant
 * already made a TrainingRun of the name the sweep's first run takes.
 */
class TrainingSweepReconcilerTest {
  private final List<String> events = new ArrayList<>();
  private final EventSink sink =
      (object, type, reason, message) -> events.add(type + " " + reason + ": " + message);
  private final KubernetesClient client = mock(KubernetesClient.class);

  @SuppressWarnings("unchecked")
  private final NamespaceableResource<TrainingRun> resource = mock(NamespaceableResource.class);

  @SuppressWarnings("unchecked")
  private final WritableOperation<TrainingRun> dryRun = mock(WritableOperation.class);

  @SuppressWarnings("unchecked")
  private final Context<TrainingSweep> context = mock(Context.class, RETURNS_DEEP_STUBS);

  private TrainingSweep sweep;

  @BeforeEach
  void cluster() {
    sweep =
        SweepRunsTest.sweep(
            SweepPlanTest.spec(
                SweepAlgorithm.grid,
                null,
                SweepPlanTest.values("hyperparameters.batchSize", 16, 32)));
    sweep.getMetadata().setGeneration(1L);
    TrainingRun squatter = new TrainingRun();
    squatter.setMetadata(new ObjectMetaBuilder().withName("lenet-lr-0").withUid("t-1").build());
    when(context.getClient()).thenReturn(client);
    when(context.getSecondaryResources(TrainingRun.class)).thenReturn(Set.of());
    when(context.eventSourceRetriever().getEventSourcesFor(any())).thenReturn(List.of());
    when(client.resource(any(TrainingRun.class))).thenReturn(resource);
    when(resource.dryRun()).thenReturn(dryRun); // every value passes
    when(resource.create())
        .thenThrow(
            new KubernetesClientException(
                new StatusBuilder().withCode(409).withMessage("already exists").build()));
    when(resource.get()).thenReturn(squatter);
  }

  private UpdateControl<TrainingSweep> reconcile() {
    UpdateControl<TrainingSweep> control =
        new TrainingSweepReconciler(
                sink,
                new OperatorMetrics(new PrometheusRegistry()),
                Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC))
            .reconcile(sweep, context);
    if (control.isPatchStatus()) {
      sweep.setStatus(control.getResource().orElseThrow().getStatus()); // as the API server would
    }
    return control;
  }

  /** Requests the API server received: creates and dry-run creates of runs. */
  private List<String> requests() {
    List<String> requests = new ArrayList<>();
    mockingDetails(resource).getInvocations().stream()
        .filter(i -> i.getMethod().getName().equals("create"))
        .forEach(i -> requests.add("create"));
    mockingDetails(dryRun).getInvocations().stream()
        .filter(i -> i.getMethod().getName().equals("create"))
        .forEach(i -> requests.add("dry-run create"));
    return requests;
  }

  @Test
  void aRunOfItsNameTheSweepDidNotCreateFailsItNamingTheRunAndIsNeverCounted() {
    assertThat(reconcile().isPatchStatus()).isTrue();
    assertThat(sweep.getStatus().phase).isEqualTo(Phases.FAILED);
    assertThat(sweep.getStatus().runs.created).isZero();
    assertThat(sweep.getStatus().leaderboard).isNull();
    var failed =
        sweep.getStatus().conditions.stream()
            .filter(c -> ConditionTypes.FAILED.equals(c.getType()))
            .findFirst()
            .orElseThrow();
    assertThat(failed.getReason()).isEqualTo(Reasons.RUN_NAME_TAKEN);
    assertThat(failed.getMessage()).startsWith("run lenet-lr-0 exists and is not this sweep's");
    assertThat(events).noneMatch(e -> e.contains(Reasons.RUN_CREATED));
  }

  @Test
  void aFailedSweepIsNeitherCheckedNorExtendedAgainAtTheSameGeneration() {
    reconcile();
    assertThat(requests())
        .as("both values offered before the first run, then its create")
        .containsExactlyInAnyOrder("dry-run create", "dry-run create", "create");

    assertThat(reconcile().isNoUpdate()).isTrue();
    assertThat(reconcile().isNoUpdate()).isTrue();
    assertThat(requests()).as("nothing asked again").hasSize(3);
  }
}
