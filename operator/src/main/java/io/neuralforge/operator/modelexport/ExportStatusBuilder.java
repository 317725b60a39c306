package io.neuralforge.operator.modelexport;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.neuralforge.api.v1alpha1.ModelExport;
import io.neuralforge.api.v1alpha1.ModelExportStatus;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.status.Conditions;
import io.neuralforge.operator.trainingrun.RunStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the TrainingRun and the export Job to the export's phase and conditions (the operator's part
 * of the status). Pure.
 */
public final class ExportStatusBuilder {
  public static final String PENDING = "Pending";
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";

  private ExportStatusBuilder() {}

  /**
   * @param run the referenced run, or null when it does not exist
   * @param storageProblem why the run's output cannot be read by another pod, or null
   */
  public static ModelExportStatus build(
      ModelExport export, TrainingRun run, String storageProblem, Job job, Instant now) {
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
    String[] verdict = verdict(export, run, storageProblem, job, previous, now);
    s.phase = verdict[0];
    if (SUCCEEDED.equals(s.phase) || FAILED.equals(s.phase)) {
      s.completionTime =
          previous != null && previous.completionTime != null
              ? previous.completionTime
              : verdict[3];
    }
    List<Condition> conditions = new ArrayList<>();
    for (String type : List.of(RUNNING, SUCCEEDED, FAILED)) {
      boolean holds = type.equals(s.phase);
      // while Pending, Running=False says what the export waits for
      boolean says = holds || (type.equals(RUNNING) && PENDING.equals(s.phase));
      conditions.add(
          Conditions.of(
              type,
              holds,
              says ? verdict[1] : "Not" + type,
              says ? verdict[2] : "the export is " + s.phase,
              s.observedGeneration,
              previous == null ? null : previous.conditions,
              now));
    }
    s.conditions = conditions;
    return s;
  }

  /** phase, reason, message, and when it ended. */
  private static String[] verdict(
      ModelExport export,
      TrainingRun run,
      String storageProblem,
      Job job,
      ModelExportStatus previous,
      Instant now) {
    String runName = export.getSpec().trainingRunRef.name;
    if (job == null) {
      if (run == null) {
        return new String[] {
          PENDING,
          "TrainingRunNotFound",
          "waiting for TrainingRun " + runName + ": it does not exist",
          null
        };
      }
      String phase = run.getStatus() == null ? null : run.getStatus().phase;
      if (RunStatusBuilder.FAILED.equals(phase)) {
        return new String[] {
          FAILED,
          "TrainingRunFailed",
          "TrainingRun " + runName + " Failed: there is no model to export",
          now.toString()
        };
      }
      if (!RunStatusBuilder.SUCCEEDED.equals(phase)) {
        return new String[] {
          PENDING,
          "WaitingForTrainingRun",
          "waiting for TrainingRun "
              + runName
              + " to succeed (it is "
              + (phase == null ? "new" : phase)
              + ")",
          null
        };
      }
      if (storageProblem != null) {
        return new String[] {FAILED, "NoModelStorage", storageProblem, now.toString()};
      }
      return new String[] {PENDING, "JobCreating", "creating the export Job", null};
    }
    JobCondition complete = condition(job, "Complete");
    if (complete != null) {
      return new String[] {
        SUCCEEDED,
        "Exported",
        "exported and validated",
        orNow(complete.getLastTransitionTime(), now)
      };
    }
    JobCondition failed = condition(job, "Failed");
    if (failed != null) {
      var validation = export.getStatus() == null ? null : export.getStatus().validation;
      if (validation != null && Boolean.FALSE.equals(validation.passed)) {
        return new String[] {
          FAILED,
          "ValidationFailed",
          "the ONNX model differs from the trained model by up to "
              + validation.maxAbsDiff
              + ", above the tolerance "
              + validation.tolerance,
          orNow(failed.getLastTransitionTime(), now)
        };
      }
      return new String[] {
        FAILED, failed.getReason(), failed.getMessage(), orNow(failed.getLastTransitionTime(), now)
      };
    }
    boolean active =
        job.getStatus() != null
            && job.getStatus().getActive() != null
            && job.getStatus().getActive() > 0;
    return active
        ? new String[] {RUNNING, "Exporting", "the exporter runs", null}
        : new String[] {PENDING, "PodStarting", "waiting for the export pod", null};
  }

  private static JobCondition condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return null;
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst()
        .orElse(null);
  }

  private static String orNow(String timestamp, Instant now) {
    return timestamp != null ? timestamp : now.toString();
  }
}
