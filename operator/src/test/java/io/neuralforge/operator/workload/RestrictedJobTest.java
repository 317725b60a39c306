package io.neuralforge.operator.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.modelexport.ExportObjectsTest;
import io.neuralforge.operator.trainingrun.objects.TrainerJobBuilderTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainer's and the exporter's Jobs share one restricted shape; each adds what differs. */
class RestrictedJobTest {
  private static void restricted(Job job) {
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(job.getSpec().getPodFailurePolicy()).isEqualTo(RestrictedPods.failurePolicy());
    assertThat(job.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext()).isEqualTo(RestrictedPods.podSecurity(65532));
    assertThat(pod.getContainers()).hasSize(1);
    var container = pod.getContainers().get(0);
    assertThat(container.getSecurityContext()).isEqualTo(RestrictedPods.containerSecurity());
    assertThat(container.getResources().getLimits())
        .isEqualTo(container.getResources().getRequests());
    assertThat(pod.getVolumes().stream().map(Volume::getName)).contains("tmp", "cache", "token");
    // no emptyDir can fill the node: disk ones by scratchStorage, memory ones by their own size
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getEmptyDir() != null)
        .allSatisfy(v -> assertThat(v.getEmptyDir().getSizeLimit()).as(v.getName()).isNotNull());
    assertThat(container.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo(RestrictedPods.TOKEN_DIR));
  }

  @Test
  void theTrainerAndTheExporterRunInTheSameRestrictedShape() {
    OperatorSettings settings = OperatorSettings.defaults();
    Job trainer =
        io.neuralforge.operator.trainingrun.objects.TrainerJobBuilder.build(
            TrainerJobBuilderTest.run(""), "lenet-bn-abc", "sha256:abc", settings);
    Job exporter = ExportObjectsTest.objects().job();
    for (Job job : List.of(trainer, exporter)) {
      restricted(job);
    }
    // what differs: the trainer's snapshot and /dev/shm, the exporter's spec
    assertThat(trainer.getSpec().getTemplate().getSpec().getVolumes().stream().map(Volume::getName))
        .contains("snapshot", "dshm")
        .doesNotContain("spec");
    assertThat(
            exporter.getSpec().getTemplate().getSpec().getVolumes().stream().map(Volume::getName))
        .contains("spec")
        .doesNotContain("snapshot", "dshm");
  }
}
