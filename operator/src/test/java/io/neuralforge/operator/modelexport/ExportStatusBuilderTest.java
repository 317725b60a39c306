package io.neuralforge.operator.modelexport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.neuralforge.api.v1alpha1.ExportValidationStatus;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.ModelExportStatus;
import io.neuralforge.api.v1alpha1.OutputLocation;
import io.neuralforge.api.v1alpha1.PvcOutput;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExportStatusBuilderTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  private static TrainingRun run(String phase) {
    TrainingRun run = ExportObjectsTest.run("{pvc: {claimName: models}}");
    run.setStatus(new TrainingRunStatus());
    run.getStatus().phase = phase;
    return run;
  }

  private static Job job(String condition, String reason) {
    JobBuilder job =
        new JobBuilder()
            .withNewMetadata()
            .withName("lenet-onnx-export")
            .endMetadata()
            .withNewStatus()
            .endStatus();
    if (condition != null) {
      job.editStatus()
          .addNewCondition()
          .withType(condition)
          .withStatus("True")
          .withReason(reason)
          .endCondition()
          .endStatus();
    } else {
      job.editStatus().withActive(1).endStatus();
    }
    return job.build();
  }

  private static final OutputLocation CLAIM = new OutputLocation();

  static {
    CLAIM.pvc = new PvcOutput();
    CLAIM.pvc.claimName = "models";
  }

  private static Condition condition(ModelExportStatus s, String type) {
    return s.conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void waitsForTheRunToSucceedAndFailsWithIt() {
    ModelExport export = ExportObjectsTest.export("fp32");
    ModelExportStatus missing = ExportStatusBuilder.build(export, null, CLAIM, null, NOW);
    assertThat(missing.phase).isEqualTo("Pending");
    ModelExportStatus waiting = ExportStatusBuilder.build(export, run("Running"), CLAIM, null, NOW);
    assertThat(waiting.phase).isEqualTo("Pending");
    assertThat(condition(waiting, "Running").getStatus()).isEqualTo("False");
    assertThat(condition(waiting, "Running").getReason()).isEqualTo("WaitingForTrainingRun");
    assertThat(condition(waiting, "Running").getMessage()).contains("lenet").contains("Running");
    ModelExportStatus failed = ExportStatusBuilder.build(export, run("Failed"), CLAIM, null, NOW);
    assertThat(failed.phase).isEqualTo("Failed");
    assertThat(condition(failed, "Failed").getReason()).isEqualTo("TrainingRunFailed");
    ModelExportStatus nowhere =
        ExportStatusBuilder.build(export, run("Succeeded"), null, null, NOW); // output in its pod
    assertThat(condition(nowhere, "Failed").getReason()).isEqualTo("NoModelStorage");
  }

  @Test
  void theJobDecidesAndAFailedValidationIsNamed() {
    ModelExport export = ExportObjectsTest.export("fp32");
    assertThat(
            ExportStatusBuilder.build(export, run("Succeeded"), CLAIM, job(null, null), NOW).phase)
        .isEqualTo("Running");
    ModelExportStatus done =
        ExportStatusBuilder.build(
            export, run("Succeeded"), CLAIM, job("Complete", "CompletionsReached"), NOW);
    assertThat(done.phase).isEqualTo("Succeeded");
    assertThat(done.completionTime).isNotNull();
    export.setStatus(new ModelExportStatus());
    export.getStatus().validation = new ExportValidationStatus();
    export.getStatus().validation.passed = false;
    export.getStatus().validation.maxAbsDiff = 0.3;
    export.getStatus().validation.tolerance = 1e-4;
    ModelExportStatus rejected =
        ExportStatusBuilder.build(
            export, run("Succeeded"), CLAIM, job("Failed", "PodFailurePolicy"), NOW);
    assertThat(rejected.phase).isEqualTo("Failed");
    assertThat(condition(rejected, "Failed").getReason()).isEqualTo("ValidationFailed");
    assertThat(condition(rejected, "Failed").getMessage()).contains("0.3").contains("1.0E-4");
  }
}
