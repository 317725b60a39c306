package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;

/** What ranks the runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SweepObjective {
  /**
   * What ranks runs when nothing says otherwise (a sweep without objective, compare without one).
   */
  public static final String DEFAULT_METRIC = "validationAccuracy";

  /** A numeric key of the runs' status.metrics, e.g. validationAccuracy or validationLoss. */
  @Default(DEFAULT_METRIC)
  public String metric;

  /** maximize or minimize. */
  @Default("maximize")
  public ObjectiveGoal goal;

  public SweepObjective() {}

  public SweepObjective(String metric, ObjectiveGoal goal) {
    this.metric = metric;
    this.goal = goal;
  }
}
