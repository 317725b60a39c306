package io.neuralforge.operator.trainingrun.objects;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuralforge.operator.workload.WorkloadNames;
import org.junit.jupiter.api.Test;

class RunNamesTest {

  @Test
  void longNamesAreCutToALabelValueAndStayUnique() {
    String a = "a".repeat(60) + "-one";
    String b = "a".repeat(60) + "-two";
    String jobA = WorkloadNames.fit(a, "-trainer");
    assertThat(jobA).hasSizeLessThanOrEqualTo(63).endsWith("-trainer").matches("[a-z0-9-]+");
    assertThat(jobA).isNotEqualTo(WorkloadNames.fit(b, "-trainer"));
    assertThat(WorkloadNames.fit("short", "-trainer")).isEqualTo("short-trainer");
  }
}
