package io.neuralforge.operator.trainingrun.objects;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import org.junit.jupiter.api.Test;

/** The Job keeps the spec its run started with; a later spec is compared field by field. */
class StartedSpecTest {
  private static final String STARTED =
      "  resources: {gpu: {type: t4, count: 4}}\n  runPolicy: {backoffLimit: 1}\n";

  private static Job startedJob() {
    return TrainerJobBuilder.build(
        TrainerJobBuilderTest.run(STARTED),
        "r1-graph-0123456789",
        "sha256:0123456789ab",
        OperatorSettings.defaults());
  }

  @Test
  void theSameSpecAndASuspendToggleChangeNothing() {
    assertThat(StartedSpec.changed(TrainerJobBuilderTest.run(STARTED), startedJob())).isEmpty();
    TrainingRun suspended =
        TrainerJobBuilderTest.run(
            "  resources: {gpu: {type: t4, count: 4}}\n"
                + "  runPolicy: {backoffLimit: 1, suspend: true}\n");
    assertThat(StartedSpec.changed(suspended, startedJob())).isEmpty();
    TrainingRun stopped =
        TrainerJobBuilderTest.run(
            "  resources: {gpu: {type: t4, count: 4}}\n"
                + "  runPolicy: {backoffLimit: 1, stop: {message: hopeless}}\n");
    assertThat(StartedSpec.changed(stopped, startedJob())).as("a stop request").isEmpty();
    Job withoutPolicy =
        TrainerJobBuilder.build(
            TrainerJobBuilderTest.run(""),
            "r1-graph-0123456789",
            "sha256:0123456789ab",
            OperatorSettings.defaults());
    assertThat(
            StartedSpec.changed(
                TrainerJobBuilderTest.run("  runPolicy: {stop: {message: hopeless}}\n"),
                withoutPolicy))
        .as("a stop request on a run that had no runPolicy")
        .isEmpty();
  }

  @Test
  void aChangedFieldIsNamed() {
    TrainingRun fewerGpus =
        TrainerJobBuilderTest.run(
            "  resources: {gpu: {type: none}}\n  runPolicy: {backoffLimit: 5}\n");
    assertThat(StartedSpec.changed(fewerGpus, startedJob()))
        .containsExactly("spec.resources", "spec.runPolicy");
  }

  @Test
  void aJobWithoutTheRecordChangesNothing() {
    Job earlier = startedJob();
    earlier.getMetadata().getAnnotations().remove(StartedSpec.ANNOTATION);
    assertThat(StartedSpec.changed(TrainerJobBuilderTest.run(""), earlier)).isEmpty();
  }
}
