package io.neuralforge.operator.trainingrun.reading;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.trainingrun.objects.TrainerJobBuilderTest;
import io.neuralforge.operator.workload.Owners;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's Job and pods are found by uid: names and labels anyone in the namespace can copy. */
class RunWorkloadTest {

  /** A Job of that name and uid, controlled by the run of uid {@code ownerUid}. */
  private static Job job(String name, String ownerUid, String uid) {
    TrainingRun owner = TrainerJobBuilderTest.run("");
    owner.getMetadata().setUid(ownerUid);
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withUid(uid)
        .addToOwnerReferences(Owners.ownedBy(owner))
        .endMetadata()
        .build();
  }

  /** A pod with the run's labels, controlled by the Job of uid {@code jobUid} (null: none). */
  private static Pod pod(String name, String jobUid) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .addToLabels("neuralforge.io/training-run", "r1")
            .addToLabels("app.kubernetes.io/managed-by", "neuralforge-operator")
            .endMetadata();
    if (jobUid != null) {
      pod.editMetadata()
          .addToOwnerReferences(Owners.ownedBy(job("r1-trainer", "0000-1111", jobUid)))
          .endMetadata();
    }
    return pod.build();
  }

  @Test
  void aRecreatedRunDoesNotTakeTheJobItsNamesakeLeftForTheGarbageCollector() {
    TrainingRun run = TrainerJobBuilderTest.run(""); // uid 0000-1111
    Job earlier = job("r1-trainer", "uid-of-the-deleted-r1", "job-0");
    assertThat(RunWorkload.job(run, List.of(earlier))).isNull();
    Job ours = job("r1-trainer", "0000-1111", "job-1");
    assertThat(RunWorkload.job(run, List.of(earlier, ours))).isSameAs(ours);
  }

  @Test
  void aSecondJobClaimingTheRunIsNeitherTakenNorAnError() {
    TrainingRun run = TrainerJobBuilderTest.run("");
    Job ours = job("r1-trainer", "0000-1111", "job-1");
    Job planted = job("r1-trainer-2", "0000-1111", "job-2"); // owner reference copied
    assertThat(RunWorkload.job(run, List.of(planted, ours))).isSameAs(ours);
  }

  @Test
  void onlyThePodsTheRunsJobControlsCountACoTenantsLabelledPodDoesNot() {
    Job ours = job("r1-trainer", "0000-1111", "job-1");
    Pod trainer = pod("r1-trainer-abcde", "job-1");
    Pod labelledOnly = pod("look-alike", null);
    Pod ofAnEarlierJob = pod("r1-trainer-zzzzz", "job-0");
    assertThat(RunWorkload.pods(ours, List.of(labelledOnly, trainer, ofAnEarlierJob)))
        .containsExactly(trainer);
    assertThat(RunWorkload.pods(null, List.of(trainer))).isEmpty();
  }
}
