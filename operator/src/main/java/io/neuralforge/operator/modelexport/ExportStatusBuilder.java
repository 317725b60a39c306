package io.neuralforge.operator.modelexport;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.neuralforge.api.v1alpha1.ConditionTypes;
import io.neuralforge.api.v1alpha1.ExportFigures;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.ModelExportStatus;
import io.neuralforge.api.v1alpha1.OutputLocation;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.status.HumanFigures;
import io.neuralforge.operator.status.JobConditions;
import io.neuralforge.operator.status.PhaseConditions;
import io.neuralforge.operator.status.Verdict;
import java.time.Instant;
import java.util.List;

/**
 * Maps the TrainingRun and the export Job to the export's phase and conditions (the operator's part
 * of the status). Pure.
 */
public final class ExportStatusBuilder {
  private static final List<String> PHASE_CONDITIONS =
      List.of(ConditionTypes.RUNNING, ConditionTypes.SUCCEEDED, ConditionTypes.FAILED);

  private ExportStatusBuilder() {}

  /**
   * @param run the referenced run, or null when it does not exist
   * @param runOutput where the run keeps its output (null: only inside its pod, nothing to export)
   */
  public static ModelExportStatus build(
      ModelExport export, TrainingRun run, OutputLocation runOutput, Job job, Instant now) {
    ModelExportStatus previous = export.getStatus();
    ModelExportStatus s = new ModelExportStatus();
    s.observedGeneration = export.getMetadata().getGeneration();
    if (job != null) {
      s.jobName = job.getMetadata().getName();
      s.startTime =
          previous != null && previous.startTime != null
              ? previous.startTime
              : orNow(job.getMetadata().getCreationTimestamp(), now);
    }
    s.figures = figures(previous);
    Verdict verdict =
        job == null ? beforeTheJob(export, run, runOutput) : fromTheJob(job, previous);
    return concluded(s, verdict, previous, now);
  }

  /** What the exporter reported (its artifact and validation), as people write it. */
  private static ExportFigures figures(ModelExportStatus previous) {
    if (previous == null || (previous.artifact == null && previous.validation == null)) {
      return null;
    }
    ExportFigures f = new ExportFigures();
    if (previous.validation != null && previous.validation.maxAbsDiff != null) {
      f.maxAbsDiff = HumanFigures.difference(previous.validation.maxAbsDiff);
    }
    if (previous.artifact != null && previous.artifact.sizeBytes != null) {
      f.size = HumanFigures.bytes(previous.artifact.sizeBytes);
    }
    return f;
  }

  /** An export whose spec could not be read: Failed, naming the field; its Job left alone. */
  public static ModelExportStatus unreadable(ModelExport export, String message, Instant now) {
    return unrunnable(export, Reasons.UNREADABLE, message, now);
  }

  /**
   * An export the operator cannot act on as configured (or at all): Failed with {@code reason},
   * naming the field; its Job left alone.
   */
  public static ModelExportStatus unrunnable(
      ModelExport export, String reason, String message, Instant now) {
    ModelExportStatus previous = export.getStatus();
    ModelExportStatus s = new ModelExportStatus();
    s.observedGeneration = export.getMetadata().getGeneration();
    if (previous != null) {
      s.jobName = previous.jobName;
      s.startTime = previous.startTime;
    }
    return concluded(s, Verdict.ended(Phases.FAILED, reason, message, null), previous, now);
  }

  /** The phase, completion time and conditions of {@code verdict}. */
  private static ModelExportStatus concluded(
      ModelExportStatus s, Verdict verdict, ModelExportStatus previous, Instant now) {
    s.phase = verdict.phase();
    if (Phases.isTerminal(s.phase)) {
      s.completionTime =
          previous != null && previous.completionTime != null
              ? previous.completionTime
              : orNow(verdict.since(), now);
    }
    s.conditions =
        PhaseConditions.of(
            PHASE_CONDITIONS,
            verdict,
            "the export",
            s.observedGeneration,
            previous == null ? null : previous.conditions,
            now);
    return s;
  }

  /** Whether the export Job may be created now: the run succeeded and kept its output. */
  public static boolean readyToExport(TrainingRun run, OutputLocation runOutput) {
    return run != null
        && run.getStatus() != null
        && Phases.SUCCEEDED.equals(run.getStatus().phase)
        && runOutput != null;
  }

  private static Verdict beforeTheJob(
      ModelExport export, TrainingRun run, OutputLocation runOutput) {
    String runName = export.getSpec().trainingRunRef.name;
    if (run == null) {
      return Verdict.of(
          Phases.PENDING,
          Reasons.TRAINING_RUN_NOT_FOUND,
          "waiting for TrainingRun " + runName + ": it does not exist");
    }
    String phase = run.getStatus() == null ? null : run.getStatus().phase;
    if (Phases.FAILED.equals(phase)) {
      return Verdict.of(
          Phases.FAILED,
          Reasons.TRAINING_RUN_FAILED,
          "TrainingRun " + runName + " Failed: there is no model to export");
    }
    if (!Phases.SUCCEEDED.equals(phase)) {
      return Verdict.of(
          Phases.PENDING,
          Reasons.WAITING_FOR_TRAINING_RUN,
          "waiting for TrainingRun "
              + runName
              + " to succeed (it is "
              + (phase == null ? "new" : phase)
              + ")");
    }
    if (runOutput == null) {
      return Verdict.of(
          Phases.FAILED,
          Reasons.NO_MODEL_STORAGE,
          "TrainingRun "
              + runName
              + " kept its output only inside its pod (no spec.output and no operator default):"
              + " there is no model to export");
    }
    return Verdict.of(Phases.PENDING, Reasons.JOB_CREATING, "creating the export Job");
  }

  private static Verdict fromTheJob(Job job, ModelExportStatus previous) {
    JobCondition complete = JobConditions.holding(job, JobConditions.COMPLETE);
    if (complete != null) {
      return Verdict.ended(
          Phases.SUCCEEDED,
          Reasons.EXPORTED,
          "exported and validated",
          complete.getLastTransitionTime());
    }
    JobCondition failed = JobConditions.holding(job, JobConditions.FAILED);
    if (failed != null) {
      var validation = previous == null ? null : previous.validation;
      if (validation != null && Boolean.FALSE.equals(validation.passed)) {
        return Verdict.ended(
            Phases.FAILED,
            Reasons.VALIDATION_FAILED,
            "the ONNX model differs from the trained model by up to "
                + validation.maxAbsDiff
                + ", above the tolerance "
                + validation.tolerance,
            failed.getLastTransitionTime());
      }
      return Verdict.ended(
          Phases.FAILED, failed.getReason(), failed.getMessage(), failed.getLastTransitionTime());
    }
    boolean active =
        job.getStatus() != null
            && job.getStatus().getActive() != null
            && job.getStatus().getActive() > 0;
    return active
        ? Verdict.of(Phases.RUNNING, Reasons.EXPORTING, "the exporter runs")
        : Verdict.of(Phases.PENDING, Reasons.POD_STARTING, "waiting for the export pod");
  }

  private static String orNow(String timestamp, Instant now) {
    return timestamp != null ? timestamp : now.toString();
  }
}
