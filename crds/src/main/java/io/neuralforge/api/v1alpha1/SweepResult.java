package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import java.util.Map;

/** One run of a sweep, ranked: its objective and the parameters it tried. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SweepResult {
  /** The TrainingRun. */
  public String run;

  /** Its objective, from status.metrics; absent while unknown or when the run failed. */
  public Double value;

  /** The run's phase. */
  public String phase;

  /** The last epoch a run that was stopped early trained; absent for the others. */
  public Integer stoppedAtEpoch;

  /** The value of each swept path in this run. */
  @PreserveUnknownFields public Map<String, JsonNode> parameters;
}
