package io.neuralforge.operator.trainingrun;

import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.operator.trainingrun.objects.TrainingRunObjects;
import java.time.Duration;

/**
 * What a reconcile does for a run: the status to write and the actions on its Job.
 *
 * @param start the objects to create when the run starts now, else null
 * @param reserveFirst whether the run's GPU-hours must be reserved in its namespace's ledger before
 *     its Job is created (and the decision taken again on that ledger)
 * @param suspend the Job's spec.suspend to set, else null (as it is)
 * @param stop whether to stop the Job: the run failed without the Job failing
 * @param deleteJob whether the finished run's Job is due for removal
 * @param lookAgainIn when time alone will change something (a deadline, a TTL, a new month), else
 *     null: every other change arrives by a watch
 */
record RunDecision(
    TrainingRunStatus status,
    TrainingRunObjects start,
    boolean reserveFirst,
    Boolean suspend,
    boolean stop,
    boolean deleteJob,
    Duration lookAgainIn) {}
