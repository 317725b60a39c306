package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.config.OperatorSettings;
import io.neuralforge.operator.trainingrun.budget.GpuLedger;
import io.neuralforge.operator.trainingrun.reading.RunWorkload;
import java.time.Instant;
import java.util.List;

/**
 * Everything a reconcile knows of a run, gathered once from the informers' caches ({@link
 * RunWatches}): never from the API server.
 *
 * @param job the run's trainer Job (of its name, controlled by its uid), or null
 * @param pods the pods that Job controls (by uid)
 * @param ledger the GPU ledger of the run's namespace, as this reconcile recorded it; null for a
 *     run that asks for no GPU
 * @param podRefusal the API server's latest refusal of the Job's pod, or null
 * @param queueMessage Kueue's word on the Job's Workload, or null
 */
record RunFacts(
    TrainingRun run,
    Architecture architecture,
    Job job,
    List<Pod> pods,
    Namespace namespace,
    GpuLedger ledger,
    String podRefusal,
    String queueMessage,
    OperatorSettings settings,
    Instant now) {

  static RunFacts gather(
      TrainingRun run,
      Context<TrainingRun> context,
      OperatorSettings settings,
      GpuLedger ledger,
      Instant now) {
    Job job = RunWorkload.job(run, context.getSecondaryResources(Job.class));
    return new RunFacts(
        run,
        context.getSecondaryResource(Architecture.class).orElse(null),
        job,
        RunWorkload.pods(job, context.getSecondaryResources(Pod.class)),
        context.getSecondaryResource(Namespace.class).orElse(null),
        ledger,
        job == null ? null : RunWatches.refusal(context, job),
        job == null ? null : RunWatches.queueMessage(context, job),
        settings,
        now);
  }

  /** The same facts with the ledger as it is now. */
  RunFacts withLedger(GpuLedger ledger) {
    return new RunFacts(
        run, architecture, job, pods, namespace, ledger, podRefusal, queueMessage, settings, now);
  }
}
