package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neuralforge.api.v1alpha1.ConditionTypes;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.Reproducibility;
import io.neuralforge.api.v1alpha1.RunArtifacts;
import io.neuralforge.api.v1alpha1.RunFailure;
import io.neuralforge.api.v1alpha1.RunOutputFiles;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.status.Conditions;
import io.neuralforge.operator.status.PhaseConditions;
import io.neuralforge.operator.status.StatusPatches;
import io.neuralforge.operator.status.Timestamps;
import io.neuralforge.operator.status.Verdict;
import io.neuralforge.operator.trainingrun.objects.GpuPlacement;
import io.neuralforge.operator.trainingrun.objects.RunDefaults;
import io.neuralforge.operator.trainingrun.objects.StartedSpec;
import io.neuralforge.operator.trainingrun.objects.TrainerImages;
import io.neuralforge.operator.trainingrun.objects.TrainerJobBuilder;
import io.neuralforge.operator.trainingrun.objects.TrainerOutput;
import io.neuralforge.operator.trainingrun.reading.ArchitectureReadiness;
import io.neuralforge.operator.trainingrun.reading.JobReading;
import io.neuralforge.operator.trainingrun.reading.PodReading;
import io.neuralforge.operator.trainingrun.reading.TrainerFailures;
import io.neuralforge.operator.trainingrun.reading.TrainerPodState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps what the cluster shows (the Architecture, the trainer Job and its pods) to the run's phase,
 * conditions and the other fields the operator owns. Pure: the reconciler acts on {@link
 * Observation#stopReason()}, when a pod has waited past its deadline or its image cannot be pulled.
 */
public final class RunStatusBuilder {
  /** One condition per phase a run can be in; true for the one it is in. */
  private static final List<String> PHASE_CONDITIONS =
      List.of(
          ConditionTypes.RUNNING,
          ConditionTypes.SUCCEEDED,
          ConditionTypes.FAILED,
          ConditionTypes.SUSPENDED);

  private static final String NOUN = "the run";

  private RunStatusBuilder() {}

  /**
   * The operator's part of the status, and why to stop the Job when the run must fail now.
   *
   * @param stopReason null, or the reason the run failed without the Job failing
   */
  public record Observation(TrainingRunStatus status, String stopReason) {}

  /**
   * What the reconciler found, all optional but the run.
   *
   * @param gpuHours what the run's pods used, by its namespace's GPU ledger
   */
  public record Facts(
      TrainingRun run,
      ArchitectureReadiness architecture,
      String graphHash,
      String snapshotName,
      Job job,
      List<Pod> pods,
      double gpuHours,
      String podRefusal,
      String overBudget,
      String queueMessage,
      OperatorSettings settings,
      Instant now) {}

  public static Observation build(Facts f) {
    TrainingRun run = f.run();
    TrainingRunStatus previous = run.getStatus();
    if (previous != null && Phases.isTerminal(previous.phase) && f.job() == null) {
      return new Observation(asItEnded(previous, run.getMetadata().getGeneration()), null);
    }
    TrainingRunStatus s = new TrainingRunStatus();
    s.observedGeneration = run.getMetadata().getGeneration();
    s.gpu =
        GpuPlacement.describe(run.getSpec().resources == null ? null : run.getSpec().resources.gpu);
    s.reproducibility = reproducibility(f);
    s.artifacts = artifacts(f);
    Job job = f.job();
    Pod pod = TrainerPodState.newest(f.pods());
    if (job != null) {
      // the Job's own record, not the status, which the trainer's token may rewrite
      s.jobName = job.getMetadata().getName();
      s.startTime = orNow(job.getMetadata().getCreationTimestamp(), f.now());
      s.restarts =
          job.getStatus() == null || job.getStatus().getFailed() == null
              ? 0
              : job.getStatus().getFailed();
      s.gpuHours = f.gpuHours();
    } else if (previous != null) {
      s.startTime = Timestamps.valid(previous.startTime);
      s.jobName = previous.jobName;
    }
    if (pod != null) {
      s.podName = pod.getMetadata().getName();
      s.nodeName = pod.getSpec().getNodeName();
    }
    RunFailure failure = TrainerFailures.latest(f.pods());
    s.failure = failure != null ? failure : previous == null ? null : previous.failure;
    Verdict v = verdict(f, job, pod, s.failure, s.startTime != null);
    if (Phases.isTerminal(v.phase())) {
      s.completionTime = completionTime(v, previous, f.now());
    }
    s.phase = v.phase();
    s.conditions = conditions(f, v, pod, previous);
    return new Observation(s, v.stopReason());
  }

  /**
   * The status of a run the operator cannot act on as configured: Failed, reason InvalidSpec, with
   * what to fix; the rest of the status stays as it was.
   */
  public static TrainingRunStatus unrunnable(
      TrainingRun run, String reason, String message, Instant now) {
    Verdict v = Verdict.ended(Phases.FAILED, reason, message, null);
    TrainingRunStatus s = halted(run, v, now);
    s.completionTime = completionTime(v, run.getStatus(), now);
    return s;
  }

  /**
   * The status of a run that cannot go on yet for {@code reason} (a name another owner's object
   * holds): Pending, the rest of the status as it was.
   */
  public static TrainingRunStatus waiting(
      TrainingRun run, String reason, String message, Instant now) {
    return halted(run, Verdict.of(Phases.PENDING, reason, message), now);
  }

  /** The phase and conditions of {@code v}; of the rest, the start and the Job as recorded. */
  private static TrainingRunStatus halted(TrainingRun run, Verdict v, Instant now) {
    TrainingRunStatus previous = run.getStatus();
    TrainingRunStatus s = new TrainingRunStatus();
    if (previous != null) {
      s.startTime = Timestamps.valid(previous.startTime);
      s.jobName = previous.jobName;
    }
    s.observedGeneration = run.getMetadata().getGeneration();
    s.phase = v.phase();
    s.conditions =
        PhaseConditions.of(
            PHASE_CONDITIONS,
            v,
            NOUN,
            s.observedGeneration,
            previous == null ? null : previous.conditions,
            now);
    return s;
  }

  /**
   * A finished run whose Job and pods are gone (its TTL passed) keeps the status it ended with;
   * only the generation it describes moves on. Terminal means terminal.
   */
  private static TrainingRunStatus asItEnded(TrainingRunStatus ended, Long generation) {
    TrainingRunStatus s = StatusPatches.copy(ended, TrainingRunStatus.class);
    s.observedGeneration = generation;
    if (s.conditions != null) {
      s.conditions.forEach(c -> c.setObservedGeneration(generation));
    }
    return s;
  }

  /**
   * The phase, read in order from what decides it: before its Job, its Architecture; then the Job
   * (the status's own phase counts only once the Job is gone, see {@link #build}); while the Job is
   * active, a spec changed since the start, then its newest pod.
   */
  private static Verdict verdict(Facts f, Job job, Pod pod, RunFailure failure, boolean started) {
    if (job == null) {
      return withoutJob(f, started);
    }
    Verdict fromJob = JobReading.read(f.run(), job, failure, f.queueMessage());
    if (fromJob != null && Phases.isTerminal(fromJob.phase())) {
      return fromJob;
    }
    List<String> changed = StartedSpec.changed(f.run(), job);
    if (!changed.isEmpty()) {
      return Verdict.stopping(
          Reasons.SPEC_CHANGED,
          String.join(", ", changed)
              + " changed after the run started (the trainer Job "
              + job.getMetadata().getName()
              + " trains the spec it started with); create a new TrainingRun to train the new"
              + " spec",
          f.now().toString());
    }
    return fromJob != null
        ? fromJob
        : PodReading.read(f.run(), pod, f.podRefusal(), f.settings(), f.now());
  }

  /**
   * When a finished run ended: as its Job says (a Job condition, the operator's stop), else as
   * recorded before, else now; a time that cannot be read counts as none.
   */
  private static String completionTime(Verdict v, TrainingRunStatus previous, Instant now) {
    String since = Timestamps.valid(v.since());
    if (since != null) {
      return since;
    }
    String recorded = previous == null ? null : Timestamps.valid(previous.completionTime);
    return recorded != null ? recorded : now.toString();
  }

  private static Verdict withoutJob(Facts f, boolean started) {
    TrainingRunStatus previous = f.run().getStatus();
    if (started) {
      return Verdict.ended(
          Phases.FAILED,
          Reasons.JOB_DELETED,
          "the trainer Job "
              + previous.jobName
              + " was deleted while the run was in progress; create a new TrainingRun to train"
              + " again",
          null);
    }
    ArchitectureReadiness a = f.architecture();
    if (!a.ready()) {
      return Verdict.of(Phases.PENDING, a.reason(), a.message());
    }
    return f.overBudget() != null
        ? Verdict.of(Phases.PENDING, Reasons.GPU_BUDGET_EXHAUSTED, f.overBudget())
        : Verdict.of(Phases.PENDING, Reasons.JOB_CREATING, "creating the trainer Job");
  }

  private static List<Condition> conditions(
      Facts f, Verdict v, Pod pod, TrainingRunStatus previous) {
    List<Condition> old = previous == null ? null : previous.conditions;
    Long gen = f.run().getMetadata().getGeneration();
    List<Condition> list = new ArrayList<>();
    ArchitectureReadiness a = f.architecture();
    boolean snapshotTaken = f.snapshotName() != null;
    list.add(
        Conditions.of(
            ConditionTypes.ARCHITECTURE_READY,
            snapshotTaken || a.ready(),
            snapshotTaken ? Reasons.SNAPSHOT_TAKEN : a.reason(),
            snapshotTaken
                ? "training the snapshot " + f.snapshotName() + " (" + f.graphHash() + ")"
                : a.message(),
            gen,
            old,
            f.now()));
    boolean onNode = pod != null && pod.getSpec().getNodeName() != null;
    boolean unschedulable =
        Reasons.UNSCHEDULABLE.equals(v.reason())
            || Reasons.PENDING_DEADLINE_EXCEEDED.equals(v.reason());
    list.add(
        Conditions.of(
            ConditionTypes.SCHEDULED,
            onNode,
            onNode ? Reasons.POD_SCHEDULED : notScheduled(v, unschedulable),
            onNode
                ? "the trainer pod "
                    + pod.getMetadata().getName()
                    + " is on node "
                    + pod.getSpec().getNodeName()
                : v.message(),
            gen,
            old,
            f.now()));
    list.addAll(PhaseConditions.of(PHASE_CONDITIONS, v, NOUN, gen, old, f.now()));
    return list;
  }

  /**
   * Why the trainer pod is on no node: the scheduler's reason, the API server's, the namespace's
   * GPU budget, Kueue's queue, or none yet.
   */
  private static String notScheduled(Verdict v, boolean unschedulable) {
    if (unschedulable) {
      return Reasons.UNSCHEDULABLE;
    }
    boolean refused =
        Reasons.QUOTA_EXCEEDED.equals(v.reason())
            || Reasons.POD_FORBIDDEN.equals(v.reason())
            || Reasons.GPU_BUDGET_EXHAUSTED.equals(v.reason())
            || Reasons.QUEUED.equals(v.reason());
    return refused ? v.reason() : Reasons.NOT_SCHEDULED;
  }

  private static Reproducibility reproducibility(Facts f) {
    if (f.graphHash() == null) {
      return null;
    }
    Reproducibility r = new Reproducibility();
    r.architectureGraphHash = f.graphHash();
    r.architectureSnapshot = f.snapshotName();
    r.seed = RunDefaults.seed(f.run());
    r.trainerImage = trainerImage(f);
    r.hyperparameters = RunDefaults.hyperparameters(f.run());
    return r;
  }

  /** The image the run's Job runs, as the operator created it; before the Job, the one it will. */
  private static String trainerImage(Facts f) {
    var template = f.job() == null ? null : f.job().getSpec().getTemplate();
    if (template != null && template.getSpec() != null) {
      for (var c : template.getSpec().getContainers()) {
        if (TrainerJobBuilder.CONTAINER.equals(c.getName()) && c.getImage() != null) {
          return c.getImage();
        }
      }
    }
    var resources = f.run().getSpec().resources;
    return TrainerImages.of(resources == null ? null : resources.gpu, f.settings());
  }

  private static RunArtifacts artifacts(Facts f) {
    String dir = TrainerOutput.directory(f.run(), TrainerOutput.resolve(f.run(), f.settings()));
    if (dir == null) {
      return null;
    }
    RunArtifacts a = new RunArtifacts();
    a.directory = dir;
    a.model = dir + RunOutputFiles.MODEL;
    a.metrics = dir + RunOutputFiles.METRICS;
    a.architectureDiagram = dir + RunOutputFiles.ARCHITECTURE_DIAGRAM;
    a.curves = dir + RunOutputFiles.CURVES;
    a.confusion = dir + RunOutputFiles.CONFUSION;
    return a;
  }

  /**
   * A run whose Job this reconcile created starts when that Job was created, as every later status
   * (built from the Job) says; the status built before it existed took the clock's time.
   */
  public static void startedBy(TrainingRunStatus status, Job created) {
    String at = created.getMetadata().getCreationTimestamp();
    if (at != null && status.startTime != null) {
      status.startTime = at;
    }
  }

  private static String orNow(String timestamp, Instant now) {
    return timestamp != null ? timestamp : now.toString();
  }
}
