package io.neuralforge.trainer.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class EpochGradientNormTest {

  private static long[] measured(int steps) {
    EpochGradientNorm norms = new EpochGradientNorm(steps);
    return LongStream.range(0, steps).filter(norms::due).toArray();
  }

  @Test
  void anEpochMeasuresAtMostTenEvenlySpacedStepsTheLastAmongThem() {
    assertThat(measured(3)).containsExactly(0, 1, 2);
    assertThat(measured(45)).containsExactly(4, 9, 14, 19, 24, 29, 34, 39, 44);
    assertThat(measured(1000)).hasSize(10).endsWith(999);
    assertThat(measured(1001)).hasSize(10).endsWith(1000);
  }

  @Test
  void theEpochsNormIsTheMeanOfWhatWasMeasured() {
    EpochGradientNorm norms = new EpochGradientNorm(4);
    assertThat(norms.mean()).isNaN();
    norms.add(Double.NaN); // before the first backward pass
    norms.add(1.0);
    norms.add(2.0);
    assertThat(norms.mean()).isEqualTo(1.5);
  }
}
