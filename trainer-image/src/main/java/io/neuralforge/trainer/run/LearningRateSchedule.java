package io.neuralforge.trainer.run;

import ai.djl.training.tracker.Tracker;
import io.neuralforge.api.v1alpha1.SchedulerType;
import java.util.stream.IntStream;

/**
 * The run's learning rate by update count (from 1), written once: the optimizer follows it as its
 * tracker and each epoch's history reports it. Its arithmetic is in float, step for step as DJL's
 * fixed, cosine and multi-factor trackers did it, so runs train exactly as before.
 */
final class LearningRateSchedule implements Tracker {
  private final SchedulerType type;
  private final float base;
  private final float gamma;
  private final int[] decayAfter;
  private final int totalUpdates;
  private final int updatesPerEpoch;

  LearningRateSchedule(RunSpec.Hyperparameters hp, int updatesPerEpoch) {
    RunSpec.Scheduler s = hp.schedulerOrDefault();
    int epochs = hp.epochsOrDefault();
    this.type = s.typeOrDefault();
    this.base = (float) hp.optimizerOrDefault().learningRateOrDefault();
    this.gamma = (float) s.gammaOrDefault();
    this.decayAfter =
        type == SchedulerType.Step
            ? decayPoints(s.stepEvery(epochs), epochs, updatesPerEpoch)
            : new int[0];
    this.totalUpdates = Math.max(1, epochs * updatesPerEpoch);
    this.updatesPerEpoch = updatesPerEpoch;
  }

  /** Step: the updates that end every {@code every}-th epoch before the last one. */
  private static int[] decayPoints(int every, int epochs, int updatesPerEpoch) {
    return IntStream.iterate(every, epoch -> epoch < epochs, epoch -> epoch + every)
        .map(epoch -> epoch * updatesPerEpoch)
        .toArray();
  }

  @Override
  public float getNewValue(int update) {
    return switch (type) {
      case None -> base;
      case Cosine -> cosine(update);
      case Step -> stepped(update);
    };
  }

  /**
   * The rate the last update of {@code epoch} (from 1) used, for the history: the float's shortest
   * decimal, so 0.001 reads 0.001 and not the float's binary expansion.
   */
  double endOf(int epoch) {
    return Double.parseDouble(Float.toString(getNewValue(epoch * updatesPerEpoch)));
  }

  /** Half a cosine from the base rate to zero over the run's updates; zero after them. */
  private float cosine(int update) {
    if (update > totalUpdates) {
      return 0f;
    }
    return base / 2 * (1 + (float) Math.cos(Math.PI * update / totalUpdates));
  }

  /** The base rate times gamma once for each decay point the update has passed. */
  private float stepped(int update) {
    float rate = base;
    for (int after : decayAfter) {
      if (update > after) {
        rate *= gamma;
      }
    }
    return rate;
  }
}
