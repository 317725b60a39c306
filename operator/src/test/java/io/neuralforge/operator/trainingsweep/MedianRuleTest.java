package io.neuralforge.operator.trainingsweep;

import static io.neuralforge.api.v1alpha1.ObjectiveGoal.maximize;
import static io.neuralforge.api.v1alpha1.ObjectiveGoal.minimize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MedianRuleTest {
  private static final double NAN = Double.NaN;
  private static final MedianRule ACCURACY = new MedianRule("validationAccuracy", maximize, 1, 1);
  private static final MedianRule LOSS = new MedianRule("validationLoss", minimize, 1, 1);

  private static List<Curve> finished(double... atEpoch1) {
    return java.util.Arrays.stream(atEpoch1).mapToObj(Curve::of).toList();
  }

  @Test
  void aRunBelowTheMedianOfTheFinishedRunsStopsAndTheMessageGivesTheNumbers() {
    List<Curve> finished =
        List.of(
            Curve.of(0.5, 0.86, 0.9),
            Curve.of(0.6, 0.87, 0.9),
            Curve.of(0.6, 0.89),
            Curve.of(0.7, 0.95, 0.97));
    Verdict verdict = ACCURACY.judge(Curve.of(0.3, 0.41), finished);
    assertThat(verdict.stop()).isTrue();
    assertThat(verdict.rungs()).isEmpty();
    assertThat(verdict.message())
        .isEqualTo(
            "validationAccuracy 0.41 (best to epoch 2) below the median 0.88 of 4 finished runs"
                + " at epoch 2");
  }

  @Test
  void theRunsBestValueSoFarIsJudgedNotItsLatest() {
    List<Curve> finished = List.of(Curve.of(0.5, 0.6, 0.7));
    assertThat(ACCURACY.judge(Curve.of(0.5, 0.8, 0.2), finished).stop()).isFalse();
    assertThat(LOSS.judge(Curve.of(0.9, 0.1, 2.0), finished).stop()).isFalse();
    assertThat(LOSS.judge(Curve.of(0.9, 0.8, 0.75), finished).message())
        .isEqualTo(
            "validationLoss 0.75 (best to epoch 3) above the median 0.7 of 1 finished runs at"
                + " epoch 3");
  }

  @Test
  void aTieWithTheMedianKeepsTheRun() {
    assertThat(ACCURACY.judge(Curve.of(0.5), finished(0.2, 0.5, 0.9)).stop()).isFalse();
    assertThat(ACCURACY.judge(Curve.of(0.49), finished(0.2, 0.5, 0.9)).stop()).isTrue();
    assertThat(LOSS.judge(Curve.of(0.5), finished(0.2, 0.5, 0.9)).stop()).isFalse();
    assertThat(LOSS.judge(Curve.of(0.51), finished(0.2, 0.5, 0.9)).stop()).isTrue();
  }

  @Test
  void anEvenCountInterpolatesBetweenTheMiddleValuesToNumpysLastBit() {
    // numpy gives 0.7 - (0.7 - 0.1) * 0.5 = 0.39999999999999997, not 0.1 + 0.3 = 0.4.
    assertThat(MedianRule.median(new double[] {0.1, 0.7})).isEqualTo(0.39999999999999997);
    assertThat(MedianRule.median(new double[] {0.1, 0.55})).isEqualTo(0.325);
    assertThat(MedianRule.median(new double[] {1, 2, 3, 10})).isEqualTo(2.5);
    assertThat(MedianRule.median(new double[] {4})).isEqualTo(4);
    assertThat(ACCURACY.judge(Curve.of(0.39999999999999997), finished(0.1, 0.7)).stop()).isFalse();
    assertThatThrownBy(() -> MedianRule.median(new double[] {2, 1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noRunIsJudgedBeforeMinFinishedRunsFinishedNorWithoutAnyFinished() {
    MedianRule rule = new MedianRule("validationAccuracy", maximize, 1, 3);
    Verdict waiting = rule.judge(Curve.of(0.1), finished(0.9, 0.9));
    assertThat(waiting.stop()).isFalse();
    assertThat(waiting.message()).isEqualTo("median rule waits for 3 finished runs (2 so far)");
    assertThat(rule.judge(Curve.of(0.1), finished(0.9, 0.9, 0.9)).stop()).isTrue();
    MedianRule noMinimum = new MedianRule("validationAccuracy", maximize, 1, 0);
    assertThat(noMinimum.judge(Curve.of(NAN), List.of()).stop()).isFalse();
  }

  @Test
  void noRunIsJudgedBeforeMinEpochs() {
    MedianRule rule = new MedianRule("validationAccuracy", maximize, 3, 1);
    List<Curve> finished = List.of(Curve.of(0.9, 0.9, 0.9));
    assertThat(rule.judge(Curve.of(0.1, 0.1), finished).stop()).isFalse();
    assertThat(rule.judge(Curve.of(0.1, 0.1), finished).message())
        .isEqualTo("median rule judges from epoch 3 (now 2)");
    assertThat(rule.judge(Curve.of(0.1, 0.1, 0.1), finished).stop()).isTrue();
    assertThat(rule.judge(Curve.of(), finished).stop()).isFalse();
  }

  @Test
  void onlyFinishedRunsThatReachedTheEpochWithAValueMakeTheMedian() {
    List<Curve> finished = List.of(Curve.of(0.9), Curve.of(0.1, NAN), Curve.of(0.2, 0.3));
    Verdict verdict = ACCURACY.judge(Curve.of(0.25, 0.25), finished);
    assertThat(verdict.stop()).isTrue();
    assertThat(verdict.message()).contains("the median 0.3 of 1 finished runs at epoch 2");

    Verdict past = ACCURACY.judge(Curve.of(0.1, 0.1, 0.1), finished);
    assertThat(past.stop()).as("no finished run reached epoch 3").isFalse();
    assertThat(past.message()).isEqualTo("no finished run has a validationAccuracy at epoch 3");
    assertThat(ACCURACY.judge(Curve.of(0.1), List.of(Curve.of(NAN))).stop()).isFalse();
  }

  @Test
  void aRunWithoutAnyValueSoFarStopsButOneNaNAmongValuesDoesNot() {
    Verdict none = ACCURACY.judge(Curve.of(NAN, NAN), finished(NAN));
    assertThat(none.stop()).isTrue();
    assertThat(none.message()).isEqualTo("validationAccuracy has no value up to epoch 2");
    List<Curve> finished = List.of(Curve.of(0.5, 0.5));
    assertThat(ACCURACY.judge(Curve.of(0.6, NAN), finished).stop()).isFalse();
    assertThat(ACCURACY.judge(Curve.of(NAN, 0.4), finished).stop()).isTrue();
  }

  @Test
  void negativeSettingsAreRefused() {
    assertThatThrownBy(() -> new MedianRule("m", maximize, -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MedianRule("m", maximize, 1, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void numbersAreShownWithFourSignificantDigits() {
    assertThat(Verdict.compact(0.41)).isEqualTo("0.41");
    assertThat(Verdict.compact(0.876543)).isEqualTo("0.8765");
    assertThat(Verdict.compact(12345.6)).isEqualTo("12350");
    assertThat(Verdict.compact(0.000123456)).isEqualTo("0.0001235");
    assertThat(Verdict.compact(2.0)).isEqualTo("2");
    assertThat(Verdict.compact(NAN)).isEqualTo("NaN");
  }
}
