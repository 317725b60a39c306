package io.neuralforge.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.training.tracker.Tracker;
import io.neuralforge.api.v1alpha1.OptimizerType;
import io.neuralforge.api.v1alpha1.SchedulerType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one schedule the optimizer follows and the history reports: update for update the rate DJL's
 * own trackers gave the runs before it (so they train the same), and each epoch's last rate.
 */
class LearningRateScheduleTest {

  private static RunSpec.Hyperparameters hp(
      int epochs, double rate, SchedulerType type, Integer stepSize, Double gamma) {
    return new RunSpec.Hyperparameters(
        epochs,
        null,
        new RunSpec.Optimizer(OptimizerType.SGD, rate, null, null),
        new RunSpec.Scheduler(type, stepSize, gamma),
        null,
        null,
        null,
        null);
  }

  /** How the trainer built DJL's trackers before it had a schedule of its own. */
  private static Tracker djl(RunSpec.Hyperparameters hp, int perEpoch) {
    float base = (float) hp.optimizerOrDefault().learningRateOrDefault();
    RunSpec.Scheduler s = hp.schedulerOrDefault();
    int epochs = hp.epochsOrDefault();
    return switch (s.typeOrDefault()) {
      case None -> Tracker.fixed(base);
      case Cosine ->
          Tracker.cosine()
              .setBaseValue(base)
              .optFinalValue(0)
              .setMaxUpdates(Math.max(1, epochs * perEpoch))
              .build();
      case Step -> {
        List<Integer> steps = new ArrayList<>();
        for (int epoch = s.stepEvery(epochs); epoch < epochs; epoch += s.stepEvery(epochs)) {
          steps.add(epoch * perEpoch);
        }
        yield steps.isEmpty()
            ? Tracker.fixed(base)
            : Tracker.multiFactor()
                .setBaseValue(base)
                .setSteps(steps.stream().mapToInt(Integer::intValue).toArray())
                .optFactor((float) s.gammaOrDefault())
                .build();
      }
    };
  }

  @Test
  void everyUpdateGetsTheRateDjlsTrackersGave() {
    List<RunSpec.Hyperparameters> runs =
        List.of(
            hp(4, 0.003, null, null, null),
            hp(7, 0.1, SchedulerType.Cosine, null, null),
            hp(1, 0.01, SchedulerType.Cosine, null, null),
            hp(10, 0.1, SchedulerType.Step, null, null),
            hp(12, 0.05, SchedulerType.Step, 4, 0.5),
            hp(9, 0.05, SchedulerType.Step, 3, 0.3),
            hp(3, 0.05, SchedulerType.Step, 20, 0.5));
    for (RunSpec.Hyperparameters run : runs) {
      for (int perEpoch : new int[] {1, 13}) {
        LearningRateSchedule ours = new LearningRateSchedule(run, perEpoch);
        Tracker theirs = djl(run, perEpoch);
        for (int update = 1; update <= run.epochsOrDefault() * perEpoch + 3; update++) {
          assertThat(ours.getNewValue(update))
              .as("%s, %d updates an epoch, update %d", run, perEpoch, update)
              .isEqualTo(theirs.getNewValue(update));
        }
      }
    }
  }

  @Test
  void theHistoryReportsTheRateOfEachEpochsLastUpdate() {
    LearningRateSchedule step =
        new LearningRateSchedule(hp(5, 0.1, SchedulerType.Step, 2, 0.1), 10);
    // the decay after epoch 2 comes into force with epoch 3's first update (float arithmetic)
    assertThat(step.endOf(2)).isEqualTo(0.1);
    assertThat(step.endOf(3)).isCloseTo(0.01, within(1e-8));
    assertThat(step.endOf(5)).isCloseTo(0.001, within(1e-9));
    LearningRateSchedule cosine =
        new LearningRateSchedule(hp(4, 0.002, SchedulerType.Cosine, null, null), 10);
    assertThat(cosine.endOf(2)).isEqualTo(0.001);
    assertThat(cosine.endOf(4)).isZero();
    assertThat(new LearningRateSchedule(hp(3, 0.003, null, null, null), 5).endOf(3))
        .isEqualTo(0.003);
  }
}
