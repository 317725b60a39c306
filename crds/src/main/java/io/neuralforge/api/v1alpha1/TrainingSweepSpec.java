package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The runs to try: a template, the parameters that vary, how many runs and how many at once. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.algorithm != 'grid' || self.parameters.all(p, !has(p.range))",
    message = "a grid sweep takes values lists; ranges are for random and tpe sweeps")
@ValidationRule(
    value = "self.algorithm == 'grid' || has(self.maxRuns)",
    message = "a random or tpe sweep needs maxRuns")
@ValidationRule(
    value =
        "!has(self.earlyStopping) || !has(self.objective) || !has(self.objective.metric)"
            + " || self.objective.metric in"
            + " ['trainLoss', 'validationLoss', 'validationAccuracy', 'validationDice']",
    message =
        "early stopping judges a metric status.history records per epoch: trainLoss,"
            + " validationLoss, validationAccuracy or validationDice")
@ValidationRule(
    value = "self.parameters.all(p, self.parameters.exists_one(q, q.path == p.path))",
    message = "each parameter path may appear once")
public class TrainingSweepSpec {
  /** The most runs one sweep makes: maxRuns' maximum, and the largest grid without maxRuns. */
  public static final int MAX_RUNS = 10000;

  /** A TrainingRun spec, as in TrainingRun.spec: what every run of the sweep starts from. */
  @Required public TrainingRunSpec template;

  /** The fields that vary, each a dotted path into the template with its values or range. */
  @Required
  @Size(min = 1, max = 16)
  public List<SweepParameter> parameters;

  /**
   * grid (default): every combination; random: values drawn with the seed; tpe: Bayesian search,
   * seeded, from what the finished runs recorded.
   */
  @Default("grid")
  public SweepAlgorithm algorithm;

  /**
   * Runs to finish before the sweep ends; a grid's size at most (the default for grid, which a grid
   * of more than 10000 combinations must set). Raise it to search further, lower it to stop early
   * (runs already started finish).
   */
  @Min(1)
  @Max(MAX_RUNS)
  public Integer maxRuns;

  /** Runs at once; default 1 (the operator creates at most 10 per step, then the next ones). */
  @Default("1")
  @Min(1)
  @Max(1000)
  public Integer parallelRuns;

  /** The metric that ranks the runs; default validationAccuracy, maximized. */
  public SweepObjective objective;

  /** Stops hopeless runs early from their learning curves: median or asha. */
  public SweepEarlyStopping earlyStopping;

  /** Seeds the random draws: the same seed draws the same runs. */
  @Default("1")
  public Long seed;
}
