package io.neuralforge.operator.trainingsweep;

import static io.neuralforge.api.v1alpha1.ObjectiveGoal.maximize;
import static io.neuralforge.api.v1alpha1.ObjectiveGoal.minimize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AshaRuleTest {
  private static final double NAN = Double.NaN;
  private static final AshaRule HALVING = new AshaRule("validationAccuracy", maximize, 1, 2);
  private static final AshaRule THIRDS = new AshaRule("validationAccuracy", maximize, 2, 3);

  @Test
  void rungsEndAtMinEpochsTimesPowersOfTheReductionFactor() {
    assertThat(List.of(0, 1, 2, 3).stream().map(THIRDS::endOfRung))
        .containsExactly(2L, 6L, 18L, 54L);
    assertThat(HALVING.endOfRung(60)).as("capped past any epoch").isGreaterThan(Integer.MAX_VALUE);
  }

  @Test
  void noRunIsJudgedBeforeTheEndOfItsNextRungEvenWithoutAValue() {
    Verdict early = THIRDS.judge(Curve.of(NAN), List.of(), List.of(List.of(0.9)));
    assertThat(early.stop()).isFalse();
    assertThat(early.rungs()).isEmpty();
    assertThat(early.message()).isEqualTo("asha next judged at epoch 2");

    Verdict between = THIRDS.judge(Curve.of(0.1, 0.1, 0.1), List.of(0.5), List.of(List.of(0.9)));
    assertThat(between.stop()).as("rung 0 is judged once").isFalse();
    assertThat(between.rungs()).containsExactly(0.5);
  }

  @Test
  void theFirstRunsMustBeTheBestUntilReductionFactorRunsCompete() {
    Verdict alone = THIRDS.judge(Curve.of(0.3, 0.4), List.of(), List.of());
    assertThat(alone.stop()).isFalse();
    assertThat(alone.rungs()).containsExactly(0.4);
    assertThat(alone.message())
        .isEqualTo(
            "validationAccuracy 0.4 at epoch 2 the first run at rung 0; next judged at epoch 6");

    Verdict second = THIRDS.judge(Curve.of(0.3, 0.39), List.of(), List.of(List.of(0.4)));
    assertThat(second.stop()).isTrue();
    assertThat(second.rungs()).as("recorded, so later runs compete with it").containsExactly(0.39);
    assertThat(second.message())
        .isEqualTo(
            "validationAccuracy 0.39 at epoch 2 not the best of 2 runs at rung 0 (needs 0.4)");
    assertThat(THIRDS.judge(Curve.of(0.3, 0.4), List.of(), List.of(List.of(0.4))).stop())
        .as("a tie goes on")
        .isFalse();
  }

  @Test
  void thenOneInReductionFactorGoesOnTiesIncluded() {
    List<List<Double>> others = List.of(List.of(0.9), List.of(0.8, 0.85), List.of(0.7));
    Verdict out = HALVING.judge(Curve.of(0.75), List.of(), others);
    assertThat(out.stop()).isTrue();
    assertThat(out.message())
        .isEqualTo(
            "validationAccuracy 0.75 at epoch 1 not in the top 1/2 of 4 runs at rung 0 (needs 0.8)");
    assertThat(HALVING.judge(Curve.of(0.8), List.of(), others).stop()).isFalse();

    AshaRule loss = new AshaRule("validationLoss", minimize, 1, 2);
    assertThat(loss.judge(Curve.of(0.75), List.of(), others).stop()).isFalse();
    assertThat(loss.judge(Curve.of(0.85), List.of(), others).message())
        .isEqualTo(
            "validationLoss 0.85 at epoch 1 not in the top 1/2 of 4 runs at rung 0 (needs 0.8)");
  }

  @Test
  void theValueAtTheLatestEpochCompetesNotTheBest() {
    Verdict verdict = HALVING.judge(Curve.of(0.99, 0.5), List.of(0.99), List.of(List.of(0.9, 0.6)));
    assertThat(verdict.stop()).isTrue();
    assertThat(verdict.rungs()).containsExactly(0.99, 0.5);
  }

  @Test
  void aRunJudgedAfterAGapPassesSeveralRungsWithOneValue() {
    Verdict verdict = HALVING.judge(Curve.of(0.1, 0.2, 0.3, 0.4, 0.6), List.of(), List.of());
    assertThat(verdict.stop()).isFalse();
    assertThat(verdict.rungs()).containsExactly(0.6, 0.6, 0.6);
    assertThat(verdict.message())
        .isEqualTo(
            "validationAccuracy 0.6 at epoch 5 the first run at rung 2; next judged at epoch 8");

    List<List<Double>> others = List.of(List.of(0.1, 0.7));
    Verdict stopped = HALVING.judge(Curve.of(0.1, 0.2, 0.3, 0.4, 0.6), List.of(), others);
    assertThat(stopped.stop()).as("passes rung 0, fails rung 1").isTrue();
    assertThat(stopped.rungs()).containsExactly(0.6, 0.6);
  }

  @Test
  void aMissingValuePastARungStopsTheRunWithoutARecord() {
    Verdict verdict = HALVING.judge(Curve.of(0.5, NAN), List.of(0.5), List.of());
    assertThat(verdict.stop()).isTrue();
    assertThat(verdict.rungs()).containsExactly(0.5);
    assertThat(verdict.message()).isEqualTo("validationAccuracy has no value at epoch 2");
  }

  @Test
  void stoppedAndFinishedRunsRecordsCompeteAlike() {
    // A run not yet at rung 0 does not compete; the other three do, whatever became of them.
    List<List<Double>> others = List.of(List.of(), List.of(0.6), List.of(0.7, 0.8), List.of(0.5));
    assertThat(HALVING.judge(Curve.of(0.61), List.of(), others).stop()).isFalse();
    assertThat(HALVING.judge(Curve.of(0.55), List.of(), others).message())
        .endsWith("not in the top 1/2 of 4 runs at rung 0 (needs 0.6)");
  }

  @Test
  void settingsOptunaRefusesAreRefused() {
    assertThatThrownBy(() -> new AshaRule("m", maximize, 0, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AshaRule("m", maximize, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
