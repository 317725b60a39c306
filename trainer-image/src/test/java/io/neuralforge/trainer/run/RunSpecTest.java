package io.neuralforge.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.neuralforge.api.reading.ReadProblem;
import io.neuralforge.api.v1alpha1.OptimizerType;
import io.neuralforge.api.v1alpha1.SchedulerType;
import org.junit.jupiter.api.Test;

/** The optimizer and schedule are read as the API's enums, defaults and mistakes included. */
class RunSpecTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  private static RunSpec read(String yaml) throws JacksonException {
    return YAML.readValue(yaml, RunSpec.class);
  }

  @Test
  void absentTypesAreTheDocumentedDefaults() throws Exception {
    RunSpec.Hyperparameters hp = read("hyperparameters: {epochs: 2}").hyperparameters();
    assertThat(hp.optimizerOrDefault().typeOrDefault()).isEqualTo(OptimizerType.Adam);
    assertThat(hp.schedulerOrDefault().typeOrDefault()).isEqualTo(SchedulerType.None);
  }

  @Test
  void anUnknownOptimizerNamesTheFieldAndTheChoices() {
    JacksonException e =
        catchThrowableOfType(
            JacksonException.class, () -> read("hyperparameters: {optimizer: {type: adam}}"));
    assertThat(ReadProblem.describe(e))
        .startsWith("hyperparameters.optimizer.type: \"adam\" is not one of ")
        .contains("Adam", "AdamW", "SGD"); // in Jackson's order
  }
}
