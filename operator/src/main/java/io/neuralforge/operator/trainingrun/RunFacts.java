package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.trainingrun.reading.RunWorkload;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything a reconcile knows of a run, gathered once from the informers' caches ({@link
 * RunWatches}): never from the API server.
 *
 * @param job the run's trainer Job (of its name, controlled by its uid), or null
 * @param pods the pods that Job controls (by uid)
 * @param neighbours the runs of the run's namespace (their GPU-hours count against its budget),
 *     listed only when asked: only a GPU run about to start needs them
 * @param podRefusal the API server's latest refusal of the Job's pod, or null
 * @param queueMessage Kueue's word on the Job's Workload, or null
 */
record RunFacts(
    TrainingRun run,
    Architecture architecture,
    Job job,
    List<Pod> pods,
    Namespace namespace,
    Supplier<List<TrainingRun>> neighbours,
    String podRefusal,
    String queueMessage,
    OperatorSettings settings,
    Instant now) {

  static RunFacts gather(
      TrainingRun run, Context<TrainingRun> context, OperatorSettings settings, Instant now) {
    Job job = RunWorkload.job(run, context.getSecondaryResources(Job.class));
    return new RunFacts(
        run,
        context.getSecondaryResource(Architecture.class).orElse(null),
        job,
        RunWorkload.pods(job, context.getSecondaryResources(Pod.class)),
        context.getSecondaryResource(Namespace.class).orElse(null),
        () -> context.getPrimaryCache().list(run.getMetadata().getNamespace()).toList(),
        job == null ? null : RunWatches.refusal(context, job),
        job == null ? null : RunWatches.queueMessage(context, job),
        settings,
        now);
  }
}
