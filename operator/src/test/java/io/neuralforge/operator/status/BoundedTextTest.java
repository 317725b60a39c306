package io.neuralforge.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Messages quoting tenant input stay short enough to read and to store. */
class BoundedTextTest {
  @Test
  void aMegabyteQuotedIntoAConditionIsCutWithAnEllipsis() {
    String quoted = "value " + "9".repeat(1 << 20) + " is refused";
    Condition c =
        Conditions.of("Ready", false, "InvalidParameter", quoted, 1L, null, Instant.EPOCH);
    assertThat(c.getMessage()).hasSize(BoundedText.MESSAGE).startsWith("value 999").endsWith("…");
  }

  @Test
  void shortTextAndNullAreKept() {
    assertThat(BoundedText.message("graph is valid")).isEqualTo("graph is valid");
    assertThat(BoundedText.cut("abc", 3)).isEqualTo("abc");
    assertThat(BoundedText.message(null)).isNull();
  }

  @Test
  void aCutNeverSplitsACharacter() {
    String text = "ab" + "😀".repeat(10); // each emoji is two chars
    String cut = BoundedText.cut(text, 4);
    assertThat(cut).isEqualTo("ab…");
  }
}
