package io.neuralforge.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.neuralforge.api.v1alpha1.HistoryPoint;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.trainingrun.objects.TrainerJobBuilder;
import io.neuralforge.operator.trainingrun.objects.TrainerJobBuilderTest;
import io.neuralforge.operator.trainingrun.reading.RunSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedFormTest {
  @Test
  void aCachedJobKeepsWhatTheOperatorReadsOfIt() {
    Job job = trainerJob();
    job.getMetadata()
        .setManagedFields(List.of(new ManagedFieldsEntryBuilder().withManager("kube").build()));
    job.setStatus(
        new JobStatusBuilder().withActive(1).withStartTime("2026-12-04T10:00:00Z").build());
    var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    String image = container.getImage();
    Quantity memory = container.getResources().getLimits().get("memory");
    RunSnapshot snapshot = RunSnapshot.of(job, null);
    boolean suspended = Boolean.TRUE.equals(job.getSpec().getSuspend());

    Job cached = CachedForm.job(CachedForm.withoutManagedFields(job));

    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getMetadata().getLabels()).isNotEmpty();
    assertThat(cached.getStatus().getActive()).isEqualTo(1);
    assertThat(Boolean.TRUE.equals(cached.getSpec().getSuspend())).isEqualTo(suspended);
    var kept = cached.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(kept.getName()).isEqualTo(TrainerJobBuilder.CONTAINER);
    assertThat(kept.getImage()).isEqualTo(image);
    assertThat(kept.getResources().getLimits()).containsEntry("memory", memory);
    assertThat(kept.getEnv()).isNullOrEmpty();
    assertThat(kept.getVolumeMounts()).isNullOrEmpty();
    assertThat(RunSnapshot.of(cached, null)).isEqualTo(snapshot);
    assertThat(snapshot.name()).isNotNull();
  }

  @Test
  void anExportsCopyOfARunHasNoLearningCurve() {
    TrainingRun run = run();
    run.setStatus(new TrainingRunStatus());
    run.getStatus().phase = "Succeeded";
    run.getStatus().history = List.of(new HistoryPoint());

    TrainingRun cached = CachedForm.withoutHistory(run);

    assertThat(cached.getStatus().history).isNull();
    assertThat(cached.getStatus().phase).isEqualTo("Succeeded");
  }

  private static TrainingRun run() {
    return TrainerJobBuilderTest.run("  resources: {memory: 2Gi}\n");
  }

  private static Job trainerJob() {
    return TrainerJobBuilder.build(
        run(), "r1-graph-0123456789", "sha256:0123456789ab", OperatorSettings.defaults());
  }
}
