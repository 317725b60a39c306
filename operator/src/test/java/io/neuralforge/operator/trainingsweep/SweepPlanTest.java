package io.neuralforge.operator.trainingsweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuralforge.api.v1alpha1.LocalReference;
import io.neuralforge.api.v1alpha1.ParameterRange;
import io.neuralforge.api.v1alpha1.RangeScale;
import io.neuralforge.api.v1alpha1.SweepAlgorithm;
import io.neuralforge.api.v1alpha1.SweepParameter;
import io.neuralforge.api.v1alpha1.TrainingRunSpec;
import io.neuralforge.api.v1alpha1.TrainingSweepSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SweepPlanTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LR = "hyperparameters.optimizer.learningRate";
  private static final String BATCH = "hyperparameters.batchSize";
  private static final String ARCH = "architectureRef.name";

  static SweepParameter values(String path, Object... values) {
    List<JsonNode> nodes = new ArrayList<>();
    for (Object v : values) {
      nodes.add(JSON.valueToTree(v));
    }
    return new SweepParameter(path, nodes, null);
  }

  /** The values 1, 2, ..., {@code count}. */
  static Object[] oneTo(int count) {
    Object[] values = new Object[count];
    for (int i = 0; i < count; i++) {
      values[i] = i + 1;
    }
    return values;
  }

  static TrainingSweepSpec spec(SweepAlgorithm algorithm, Integer maxRuns, SweepParameter... ps) {
    TrainingSweepSpec spec = new TrainingSweepSpec();
    spec.template = new TrainingRunSpec();
    spec.template.architectureRef = new LocalReference("lenet-bn");
    spec.parameters = List.of(ps);
    spec.algorithm = algorithm;
    spec.maxRuns = maxRuns;
    spec.seed = 7L;
    return spec;
  }

  @Test
  void aGridVariesTheFirstParameterSlowestAndEndsWithItsCombinations() {
    SweepPlan plan =
        SweepPlan.of(
            spec(SweepAlgorithm.grid, null, values(LR, 0.01, 0.001), values(ARCH, "a", "b", "c")));
    assertEquals(6, plan.runs());
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < plan.runs(); i++) {
      Map<String, JsonNode> a = plan.assignment(i);
      assertEquals(List.of(LR, ARCH), List.copyOf(a.keySet()), "the parameters' order");
      seen.add(a.get(LR).asText() + "/" + a.get(ARCH).asText());
    }
    assertEquals(List.of("0.01/a", "0.01/b", "0.01/c", "0.001/a", "0.001/b", "0.001/c"), seen);
  }

  @Test
  void maxRunsCutsAGridShortButNeverStretchesIt() {
    assertEquals(
        4, SweepPlan.of(spec(SweepAlgorithm.grid, 4, values(BATCH, 1, 2, 3, 4, 5))).runs());
    assertEquals(
        5, SweepPlan.of(spec(SweepAlgorithm.grid, 50, values(BATCH, 1, 2, 3, 4, 5))).runs());
  }

  @Test
  void aGridLargerThanASweepMayRunIsRefusedUnlessMaxRunsSaysHowManyToTry() {
    Object[] options = oneTo(32);
    TrainingSweepSpec cube =
        spec(
            SweepAlgorithm.grid,
            null,
            values(BATCH, options),
            values("hyperparameters.epochs", options),
            values("hyperparameters.seed", options));
    var e = assertThrows(SweepPlan.TooManyRunsException.class, () -> SweepPlan.of(cube));
    assertEquals("maxRuns", e.path());
    assertEquals(
        "maxRuns: a grid of 32768 combinations needs maxRuns (at most 10000) to say how many of"
            + " them to run",
        e.getMessage());

    cube.maxRuns = 500;
    SweepPlan plan = SweepPlan.of(cube);
    assertEquals(500, plan.runs());
    Map<String, JsonNode> last = plan.assignment(499); // 499 = 0*1024 + 15*32 + 19
    assertEquals(List.of(1, 16, 20), last.values().stream().map(JsonNode::asInt).toList());
  }

  @Test
  void aGridOfAllSixteenParametersNeverOverflowsItsCount() {
    Object[] many = oneTo(32);
    SweepParameter[] sixteen = new SweepParameter[16];
    for (int i = 0; i < sixteen.length; i++) {
      sixteen[i] = values(BATCH, many);
    }
    var e =
        assertThrows(
            SweepPlan.TooManyRunsException.class,
            () -> SweepPlan.of(spec(SweepAlgorithm.grid, null, sixteen)));
    assertTrue(e.getMessage().startsWith("maxRuns: a grid of over 2147483647 combinations"));
  }

  @Test
  void aParameterTakesAtMost32ValuesSoItsDryRunsStayFew() {
    Object[] many = oneTo(33);
    var e =
        assertThrows(
            SweepRuns.InvalidParameterException.class,
            () -> SweepPlan.of(spec(SweepAlgorithm.grid, 5, values(BATCH, many))));
    assertEquals(BATCH + ": 33 values, at most 32", e.getMessage());
  }

  @Test
  void aManifestReadWithoutTheSchemaCannotAskForMoreRunsThanTheSchemaAllows() {
    var above =
        assertThrows(
            SweepRuns.InvalidParameterException.class,
            () -> SweepPlan.of(spec(SweepAlgorithm.grid, 10001, values(BATCH, 1, 2))));
    assertEquals("maxRuns: 10001 is above 10000", above.getMessage());
    var unbounded =
        assertThrows(
            SweepRuns.InvalidParameterException.class,
            () ->
                SweepPlan.of(
                    spec(
                        SweepAlgorithm.random,
                        null,
                        new SweepParameter(LR, null, new ParameterRange(1e-4, 1e-1, null)))));
    assertEquals("maxRuns: a random sweep needs it", unbounded.getMessage());
  }

  @Test
  void randomDrawsStayInsideTheirRangesOnTheirScaleAndRepeatPerSeed() {
    TrainingSweepSpec spec =
        spec(
            SweepAlgorithm.random,
            400,
            new SweepParameter(LR, null, new ParameterRange(1e-4, 1e-1, RangeScale.log)),
            new SweepParameter(BATCH, null, new ParameterRange(16, 256, RangeScale.linear)),
            values(ARCH, "a", "b"));
    SweepPlan plan = SweepPlan.of(spec);
    int belowMilli = 0;
    Set<String> architectures = new HashSet<>();
    for (int i = 0; i < plan.runs(); i++) {
      Map<String, JsonNode> a = plan.assignment(i);
      double lr = a.get(LR).asDouble();
      assertTrue(lr >= 1e-4 && lr <= 1e-1, "learning rate " + lr);
      belowMilli += lr < 1e-3 ? 1 : 0;
      assertTrue(a.get(BATCH).isIntegralNumber(), "batch size is an integer: " + a.get(BATCH));
      assertTrue(a.get(BATCH).asInt() >= 16 && a.get(BATCH).asInt() <= 256);
      architectures.add(a.get(ARCH).asText());
      assertEquals(a, SweepPlan.of(spec).assignment(i), "the same seed draws the same run");
    }
    // log scale: a third of the draws fall in the first of the three decades (uniform: 1 %)
    assertTrue(belowMilli > 90 && belowMilli < 180, "draws below 1e-3: " + belowMilli);
    assertEquals(Set.of("a", "b"), architectures);
    spec.seed = 8L;
    assertNotEquals(plan.assignment(0), SweepPlan.of(spec).assignment(0));
  }

  @Test
  void aPathNoSweepCanVaryIsRefusedNamingIt() {
    var e =
        assertThrows(
            SweepRuns.InvalidParameterException.class,
            () -> SweepPlan.of(spec(SweepAlgorithm.grid, null, values("spec.epochs", 1, 2))));
    assertEquals("spec.epochs", e.path());
    assertTrue(e.getMessage().startsWith("spec.epochs: not a field a sweep can vary"));
  }
}
