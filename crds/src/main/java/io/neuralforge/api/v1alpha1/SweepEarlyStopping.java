package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How a sweep stops its hopeless runs, judging each from the objective per epoch in its
 * status.history. A stopped run ends Succeeded, reason EarlyStopped, keeping its best model.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type == 'median' || !has(self.minFinishedRuns)",
    message = "minFinishedRuns is for type median")
@ValidationRule(
    value = "self.type == 'asha' || !has(self.reductionFactor)",
    message = "reductionFactor is for type asha")
public class SweepEarlyStopping {
  /** median or asha. */
  @Required public EarlyStoppingType type;

  /** No run is judged before this epoch; for asha, the first rung. Default 1. */
  @Min(1)
  @Max(10000)
  public Integer minEpochs;

  /** median only: no run is judged before this many runs trained to their end. Default 1. */
  @Min(1)
  @Max(10000)
  public Integer minFinishedRuns;

  /** asha only: a run goes on at a rung when in the top 1/reductionFactor there. Default 3. */
  @Min(2)
  @Max(100)
  public Integer reductionFactor;

  public static final int DEFAULT_MIN_EPOCHS = 1;
  public static final int DEFAULT_MIN_FINISHED_RUNS = 1;
  public static final int DEFAULT_REDUCTION_FACTOR = 3;

  /** The epoch a run is first judged at. */
  public int minEpochsOrDefault() {
    return minEpochs == null ? DEFAULT_MIN_EPOCHS : minEpochs;
  }

  public int minFinishedRunsOrDefault() {
    return minFinishedRuns == null ? DEFAULT_MIN_FINISHED_RUNS : minFinishedRuns;
  }

  public int reductionFactorOrDefault() {
    return reductionFactor == null ? DEFAULT_REDUCTION_FACTOR : reductionFactor;
  }
}
