package io.neuralforge.trainer.run;

import ai.djl.training.optimizer.Optimizer;

/** The run's optimizer as DJL builds it, following the run's learning-rate schedule. */
final class RunOptimizer {
  private RunOptimizer() {}

  /**
   * @param done updates already made, when a run resumes: the schedule goes on from there
   */
  static Optimizer of(RunSpec.Hyperparameters hp, LearningRateSchedule schedule, int done) {
    RunSpec.Optimizer o = hp.optimizerOrDefault();
    float decay = (float) o.weightDecayOrDefault();
    Float clip = hp.gradientClip() == null ? null : hp.gradientClip().floatValue();
    return switch (o.typeOrDefault()) {
      case Adam ->
          common(Optimizer.adam().optLearningRateTracker(schedule), decay, clip, done).build();
      case AdamW ->
          common(Optimizer.adamW().optLearningRateTracker(schedule), decay, clip, done).build();
      case SGD ->
          common(
                  Optimizer.sgd()
                      .setLearningRateTracker(schedule)
                      .optMomentum((float) o.momentumOrDefault()),
                  decay,
                  clip,
                  done)
              .build();
    };
  }

  private static <B extends Optimizer.OptimizerBuilder<B>> B common(
      B builder, float decay, Float clip, int done) {
    builder.optWeightDecays(decay).optBeginNumUpdate(done);
    if (clip != null) {
      builder.optClipGrad(clip);
    }
    return builder;
  }
}
