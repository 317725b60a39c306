package io.neuralforge.operator.trainingrun.objects;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuralforge.operator.config.OperatorSettings;
import org.junit.jupiter.api.Test;

/** Where a run is tracked: on the operator's shared server, only in its namespace's experiments. */
class TrackingTargetTest {
  private static final OperatorSettings SHARED =
      new OperatorSettings(
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          "http://mlflow.ml-tools:5000",
          null,
          null,
          null);

  private static TrackingTarget target(String tracking, OperatorSettings settings) {
    return TrackingTarget.of(TrainerJobBuilderTest.run(tracking), settings);
  }

  @Test
  void onTheSharedServerEveryExperimentIsUnderTheRunsNamespace() {
    assertThat(target("", SHARED))
        .isEqualTo(new TrackingTarget("http://mlflow.ml-tools:5000", "team-a"));
    assertThat(target("  tracking: {mlflow: {experiment: fashion}}\n", SHARED))
        .isEqualTo(new TrackingTarget("http://mlflow.ml-tools:5000", "team-a/fashion"));
    // naming another namespace's experiment lands in one's own
    assertThat(target("  tracking: {mlflow: {experiment: team-b}}\n", SHARED).experiment())
        .isEqualTo("team-a/team-b");
  }

  @Test
  void namingTheSharedServerAsOnesOwnDoesNotLeaveTheNamespace() {
    assertThat(
            target(
                "  tracking: {mlflow: {uri: \"HTTP://mlflow.ml-tools:5000/\", experiment: team-b}}\n",
                SHARED))
        .isEqualTo(new TrackingTarget("HTTP://mlflow.ml-tools:5000/", "team-a/team-b"));
  }

  @Test
  void aRunsOwnServerKeepsTheExperimentItNames() {
    String own = "  tracking: {mlflow: {uri: \"https://mlflow.team-a.example\", experiment: x}}\n";
    assertThat(target(own, SHARED))
        .isEqualTo(new TrackingTarget("https://mlflow.team-a.example", "x"));
    assertThat(target(own, OperatorSettings.defaults()))
        .isEqualTo(new TrackingTarget("https://mlflow.team-a.example", "x"));
    assertThat(target("  tracking: {mlflow: {uri: \"https://mlflow.team-a.example\"}}\n", SHARED))
        .isEqualTo(new TrackingTarget("https://mlflow.team-a.example", "team-a"));
  }

  @Test
  void withoutAnyServerTheRunIsNotTracked() {
    assertThat(target("  tracking: {mlflow: {experiment: fashion}}\n", OperatorSettings.defaults()))
        .isNull();
  }
}
