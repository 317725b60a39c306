package io.neuralforge.operator.trainingrun;

import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.neuralforge.api.v1alpha1.TrainerStatusFields;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.status.StatusPatches;
import java.util.Objects;

/**
 * Which changes to a run are worth a reconcile: its spec (a new generation), its labels (a Kueue
 * queue), its deletion, and any status field the operator owns. The last is what makes status an
 * observation: whoever holds the trainer's token can write the whole status, and a phase, a time or
 * GPU-hours written there is put back at once from the Job and pods. The trainer's own fields
 * (progress, metrics, history) change every few seconds while a run trains and decide nothing.
 */
public final class RunUpdateFilter implements OnUpdateFilter<TrainingRun> {
  @Override
  public boolean accept(TrainingRun now, TrainingRun before) {
    var was = before.getMetadata();
    var is = now.getMetadata();
    return !Objects.equals(is.getGeneration(), was.getGeneration())
        || !Objects.equals(is.getLabels(), was.getLabels())
        || !Objects.equals(is.getDeletionTimestamp(), was.getDeletionTimestamp())
        || !StatusPatches.same(before.getStatus(), now.getStatus(), TrainerStatusFields.ALL);
  }
}
