package io.neuralforge.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HumanFiguresTest {
  @Test
  void countsReadAsPeopleWriteThem() {
    assertThat(HumanFigures.count(15)).isEqualTo("15");
    assertThat(HumanFigures.count(1234)).isEqualTo("1.23k");
    assertThat(HumanFigures.count(11_689_512)).isEqualTo("11.7M"); // ResNet-18
    assertThat(HumanFigures.count(1_814_073_344)).isEqualTo("1.81G");
    assertThat(HumanFigures.count(25_557_032)).isEqualTo("25.6M"); // ResNet-50
    assertThat(HumanFigures.count(999_960)).isEqualTo("1.00M");
    assertThat(HumanFigures.count(Long.MAX_VALUE)).isEqualTo("9.22E");
  }

  @Test
  void bytesAndDifferences() {
    assertThat(HumanFigures.bytes(512)).isEqualTo("512B");
    assertThat(HumanFigures.bytes(1_700_000)).isEqualTo("1.7MB");
    assertThat(HumanFigures.bytes(17_400_000)).isEqualTo("17MB");
    assertThat(HumanFigures.difference(2.9e-6)).isEqualTo("2.9e-06");
    assertThat(HumanFigures.difference(0)).isEqualTo("0");
  }
}
