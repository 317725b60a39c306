package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What the operator observed of the sweep's runs, ranked by the objective. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrainingSweepStatus {
  /** The metadata.generation this status describes. */
  public Long observedGeneration;

  /** Pending, Running, Succeeded or Failed. */
  public String phase;

  /** Running, Succeeded and Failed, each with a reason and observedGeneration. */
  public List<Condition> conditions;

  /** The runs created, and how they stand. */
  public SweepRunCounts runs;

  /** The best finished run so far. */
  public SweepResult best;

  /** The runs best first, failed runs last; at most 10. */
  public List<SweepResult> leaderboard;

  /** Figures for printer columns. */
  public SweepFigures figures;
}
