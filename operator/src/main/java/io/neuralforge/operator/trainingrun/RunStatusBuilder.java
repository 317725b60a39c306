package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.neuralforge.api.v1alpha1.Reproducibility;
import io.neuralforge.api.v1alpha1.RunArtifacts;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.status.Conditions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps what the cluster shows (the Architecture, the trainer Job and its pods) to the run's phase,
 * conditions and the other fields the operator owns. Pure: the reconciler acts on {@link
 * Observation#stopReason()}, when a pod has waited past its deadline or its image cannot be pulled.
 */
public final class RunStatusBuilder {
  public static final String PENDING = "Pending";
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String SUSPENDED = "Suspended";

  public static final String ARCHITECTURE_READY = "ArchitectureReady";
  public static final String SCHEDULED = "Scheduled";

  public static final String REASON_UNSCHEDULABLE = "Unschedulable";
  public static final String REASON_IMAGE_PULL = "ImagePullFailed";
  public static final String REASON_PENDING_TOO_LONG = "PendingDeadlineExceeded";
  public static final String REASON_JOB_DELETED = "JobDeleted";

  /** On a Job the operator stopped: why, so that the run stays Failed. */
  public static final String STOPPED_REASON = "neuralforge.io/stopped-reason";

  public static final String STOPPED_MESSAGE = "neuralforge.io/stopped-message";

  private RunStatusBuilder() {}

  /**
   * The operator's part of the status, and why to stop the Job when the run must fail now.
   *
   * @param stopReason null, or the reason the run failed without the Job failing
   */
  public record Observation(TrainingRunStatus status, String stopReason) {}

  /** What the reconciler found, all optional but the run. */
  public record Facts(
      TrainingRun run,
      ArchitectureReadiness architecture,
      String graphHash,
      String snapshotName,
      Job job,
      List<Pod> pods,
      OperatorSettings settings,
      Instant now) {}

  public static Observation build(Facts f) {
    TrainingRun run = f.run();
    TrainingRunStatus previous = run.getStatus();
    TrainingRunStatus s = new TrainingRunStatus();
    s.observedGeneration = run.getMetadata().getGeneration();
    s.gpu =
        GpuPlacement.describe(run.getSpec().resources == null ? null : run.getSpec().resources.gpu);
    s.reproducibility = reproducibility(f);
    s.artifacts = artifacts(f);
    Job job = f.job();
    Pod pod = TrainerPodState.newest(f.pods());
    if (job != null) {
      s.jobName = job.getMetadata().getName();
      s.startTime =
          previous != null && previous.startTime != null
              ? previous.startTime
              : orNow(job.getMetadata().getCreationTimestamp(), f.now());
      s.restarts =
          job.getStatus() == null || job.getStatus().getFailed() == null
              ? 0
              : job.getStatus().getFailed();
      s.gpuHours =
          TrainerPodState.gpuHours(
              f.pods(),
              GpuPlacement.of(
                      run.getSpec().resources == null ? null : run.getSpec().resources.gpu,
                      f.settings().gpuNodeLabels())
                  .gpus(),
              f.now());
    } else if (previous != null) {
      s.startTime = previous.startTime;
      s.jobName = previous.jobName;
    }
    if (pod != null) {
      s.podName = pod.getMetadata().getName();
      s.nodeName = pod.getSpec().getNodeName();
    }
    Verdict v = verdict(f, job, pod, previous);
    if (isTerminal(v.phase)) {
      s.completionTime =
          previous != null && previous.completionTime != null ? previous.completionTime : v.since;
    }
    s.phase = v.phase;
    s.conditions = conditions(f, v, pod, previous);
    return new Observation(s, v.stopReason);
  }

  /** How long the run's pod may stay Pending: the run's own limit, else the operator's. */
  public static long pendingDeadlineSeconds(TrainingRun run, OperatorSettings settings) {
    var policy = run.getSpec().runPolicy;
    return policy != null && policy.pendingDeadlineSeconds != null
        ? policy.pendingDeadlineSeconds
        : settings.pendingDeadlineSeconds();
  }

  public static boolean isTerminal(String phase) {
    return SUCCEEDED.equals(phase) || FAILED.equals(phase);
  }

  /** The phase with the reason and message of its condition; since: when it ended, if it did. */
  private record Verdict(
      String phase, String reason, String message, String since, String stopReason) {}

  private static Verdict verdict(Facts f, Job job, Pod pod, TrainingRunStatus previous) {
    String now = f.now().toString();
    if (previous != null && isTerminal(previous.phase)) {
      Condition c = find(previous.conditions, previous.phase);
      return new Verdict(
          previous.phase,
          c == null ? previous.phase : c.getReason(),
          c == null ? "" : c.getMessage(),
          previous.completionTime,
          null);
    }
    if (job == null && previous != null && previous.startTime != null) {
      return new Verdict(
          FAILED,
          REASON_JOB_DELETED,
          "the trainer Job "
              + previous.jobName
              + " was deleted while the run was in progress; create a new TrainingRun to train"
              + " again",
          now,
          null);
    }
    if (job == null) {
      ArchitectureReadiness a = f.architecture();
      return a.ready()
          ? new Verdict(PENDING, "JobCreating", "creating the trainer Job", null, null)
          : new Verdict(PENDING, a.reason(), a.message(), null, null);
    }
    var annotations = job.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(STOPPED_REASON)) {
      return new Verdict(
          FAILED, annotations.get(STOPPED_REASON), annotations.get(STOPPED_MESSAGE), now, null);
    }
    JobCondition complete = jobCondition(job, "Complete");
    if (complete != null) {
      return new Verdict(
          SUCCEEDED,
          "TrainingSucceeded",
          "the trainer finished",
          orNow(complete.getLastTransitionTime(), f.now()),
          null);
    }
    JobCondition failed = jobCondition(job, "Failed");
    if (failed != null) {
      String exit = TrainerPodState.lastExit(pod);
      return new Verdict(
          FAILED,
          failed.getReason(),
          exit == null ? failed.getMessage() : failed.getMessage() + "; " + exit,
          orNow(failed.getLastTransitionTime(), f.now()),
          null);
    }
    if (Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      String queue = RunLabels.queueName(f.run());
      return new Verdict(
          SUSPENDED,
          queue == null ? "RunSuspended" : "WaitingForQueue",
          queue == null
              ? "spec.runPolicy.suspend is true"
              : "waiting for Kueue to admit the run from queue " + queue,
          null,
          null);
    }
    if (pod == null || !"Pending".equals(pod.getStatus().getPhase())) {
      if (pod != null && "Running".equals(pod.getStatus().getPhase())) {
        return new Verdict(
            RUNNING,
            "TrainerRunning",
            "the trainer runs on " + pod.getSpec().getNodeName(),
            null,
            null);
      }
      return new Verdict(PENDING, "PodCreating", "waiting for the trainer pod", null, null);
    }
    String imageFailure = TrainerPodState.imageFailure(pod);
    if (imageFailure != null) {
      return new Verdict(FAILED, REASON_IMAGE_PULL, imageFailure, now, REASON_IMAGE_PULL);
    }
    long deadline = pendingDeadlineSeconds(f.run(), f.settings());
    Instant created = Instant.parse(orNow(pod.getMetadata().getCreationTimestamp(), f.now()));
    PodCondition scheduled = TrainerPodState.podCondition(pod, "PodScheduled");
    String why =
        scheduled != null && "False".equals(scheduled.getStatus()) && scheduled.getMessage() != null
            ? scheduled.getMessage()
            : "the trainer pod is starting";
    if (Duration.between(created, f.now()).getSeconds() > deadline) {
      return new Verdict(
          FAILED,
          REASON_PENDING_TOO_LONG,
          "the trainer pod was pending for more than " + deadline + " s: " + why,
          now,
          REASON_PENDING_TOO_LONG);
    }
    if (scheduled != null && "False".equals(scheduled.getStatus())) {
      return new Verdict(PENDING, REASON_UNSCHEDULABLE, why, null, null);
    }
    return new Verdict(PENDING, "PodStarting", why, null, null);
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
            ARCHITECTURE_READY,
            snapshotTaken || a.ready(),
            snapshotTaken ? "SnapshotTaken" : a.reason(),
            snapshotTaken
                ? "training the snapshot " + f.snapshotName() + " (" + f.graphHash() + ")"
                : a.message(),
            gen,
            old,
            f.now()));
    boolean onNode = pod != null && pod.getSpec().getNodeName() != null;
    boolean unschedulable =
        REASON_UNSCHEDULABLE.equals(v.reason) || REASON_PENDING_TOO_LONG.equals(v.reason);
    list.add(
        Conditions.of(
            SCHEDULED,
            onNode,
            onNode ? "PodScheduled" : unschedulable ? REASON_UNSCHEDULABLE : "NotScheduled",
            onNode
                ? "the trainer pod "
                    + pod.getMetadata().getName()
                    + " is on node "
                    + pod.getSpec().getNodeName()
                : v.message,
            gen,
            old,
            f.now()));
    for (String type : List.of(RUNNING, SUCCEEDED, FAILED, SUSPENDED)) {
      boolean holds = type.equals(v.phase);
      list.add(
          Conditions.of(
              type,
              holds,
              holds ? v.reason : "Not" + type,
              holds ? v.message : "the run is " + v.phase,
              gen,
              old,
              f.now()));
    }
    return list;
  }

  private static Reproducibility reproducibility(Facts f) {
    if (f.graphHash() == null) {
      return null;
    }
    Reproducibility r = new Reproducibility();
    r.architectureGraphHash = f.graphHash();
    r.architectureSnapshot = f.snapshotName();
    r.seed = RunDefaults.seed(f.run());
    r.trainerImage = f.settings().trainerImage();
    r.hyperparameters = RunDefaults.hyperparameters(f.run());
    return r;
  }

  private static RunArtifacts artifacts(Facts f) {
    String dir = TrainerOutput.directory(f.run(), TrainerOutput.resolve(f.run(), f.settings()));
    if (dir == null) {
      return null;
    }
    RunArtifacts a = new RunArtifacts();
    a.directory = dir;
    a.model = dir + "model-0000.params";
    a.metrics = dir + "metrics.json";
    return a;
  }

  private static JobCondition jobCondition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return null;
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst()
        .orElse(null);
  }

  private static Condition find(List<Condition> conditions, String type) {
    return conditions == null
        ? null
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  private static String orNow(String timestamp, Instant now) {
    return timestamp != null ? timestamp : now.toString();
  }
}
