package io.neuralforge.operator.trainingrun.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuBudgetsTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  private static Namespace namespace(String budget) {
    NamespaceBuilder ns = new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata();
    if (budget != null) {
      ns.editMetadata().addToAnnotations(GpuBudgets.ANNOTATION, budget).endMetadata();
    }
    return ns.build();
  }

  private static TrainingRun run(double gpuHours, String completed) {
    TrainingRun run = new TrainingRun();
    run.setStatus(new TrainingRunStatus());
    run.getStatus().gpuHours = gpuHours;
    run.getStatus().completionTime = completed;
    return run;
  }

  @Test
  void thisMonthsRunsAndRunningOnesCountLastMonthsDoNot() {
    List<TrainingRun> runs =
        List.of(run(4, "2026-11-02T00:00:00Z"), run(3.5, null), run(50, "2026-10-31T23:59:59Z"));
    assertThat(GpuBudgets.used(runs, Instant.parse("2026-11-01T00:00:00Z"))).isEqualTo(7.5);
    assertThat(GpuBudgets.exhausted(namespace("10"), runs, NOW)).isNull();
    assertThat(GpuBudgets.exhausted(namespace("7.5"), runs, NOW))
        .isEqualTo(
            "namespace team-a used 7.50 of its 7.5 GPU-hours for 2026-11; GPU runs wait until next"
                + " month or a larger budget");
    assertThat(GpuBudgets.exhausted(namespace(null), runs, NOW)).isNull();
    assertThat(GpuBudgets.exhausted(namespace("ten"), runs, NOW)).contains("not a number of hours");
  }
}
