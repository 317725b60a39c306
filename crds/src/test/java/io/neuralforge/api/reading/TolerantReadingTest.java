package io.neuralforge.api.reading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.neuralforge.api.v1alpha1.Architecture;
import io.neuralforge.api.v1alpha1.TrainingRun;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Objects stored under a looser schema: read, never fatal, and the field named in words. */
class TolerantReadingTest {
  private static final ObjectMapper STRICT =
      JsonMapper.builder().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT).build();
  private static final ObjectMapper TOLERANT = TolerantReading.on(JsonMapper.builder().build());

  private static String architecture(String name, String spec, String status) {
    return """
        {"apiVersion": "neuralforge.io/v1alpha1", "kind": "Architecture",
         "metadata": {"name": "%s", "namespace": "team-a", "generation": 4},
         "spec": %s %s}
        """
        .formatted(name, spec, status == null ? "" : ", \"status\": " + status);
  }

  private static final String GOOD_SPEC =
      """
      {"inputs": [{"name": "x", "shape": [4]}],
       "nodes": [{"id": "fc", "type": "Linear", "inputs": ["x"], "params": {"outFeatures": 3}}],
       "outputs": ["fc"]}
      """;

  @Test
  void oneUnreadableObjectInAListLeavesTheOthersWholeAndNamesItsField() throws Exception {
    String list =
        "["
            + architecture("before", GOOD_SPEC, null)
            + ","
            + architecture(
                "huge",
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [4, 3000000000]}], \"outputs\": []}",
                null)
            + ","
            + architecture("after", GOOD_SPEC, "{\"phase\": \"Valid\"}")
            + "]";
    List<Architecture> read = TOLERANT.readValue(list, new TypeReference<>() {});

    assertThat(read)
        .extracting(a -> a.getMetadata().getName())
        .containsExactly("before", "huge", "after");
    assertThat(read.get(0).readProblem()).isNull();
    assertThat(read.get(0).getSpec().nodes).hasSize(1);
    assertThat(read.get(2).getStatus().phase).isEqualTo("Valid");
    Architecture huge = read.get(1);
    assertThat(huge.getSpec()).isNull();
    assertThat(huge.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(huge.getMetadata().getGeneration()).isEqualTo(4L);
    assertThat(huge.readProblem())
        .isEqualTo("spec.inputs[0].shape[1]: 3000000000 is out of range [-2147483648, 2147483647]");
  }

  @Test
  void throughTheKubernetesClientsSerializationTheStatusStaysAndTheRangeIsNamed() {
    KubernetesSerialization serialization =
        new KubernetesSerialization(TolerantReading.on(new ObjectMapper()), true);
    TrainingRun run =
        serialization.unmarshal(
            """
            {"apiVersion": "neuralforge.io/v1alpha1", "kind": "TrainingRun",
             "metadata": {"name": "r", "namespace": "team-a"},
             "spec": {"architectureRef": {"name": "a"}, "hyperparameters": {"epochs": 3000000000}},
             "status": {"phase": "Running", "startTime": "2026-11-30T08:00:00Z"}}
            """,
            TrainingRun.class);
    assertThat(run.getSpec()).isNull();
    assertThat(run.getStatus().startTime).isEqualTo("2026-11-30T08:00:00Z");
    assertThat(run.readProblem())
        .isEqualTo(
            "spec.hyperparameters.epochs: 3000000000 is out of range [-2147483648, 2147483647]");
  }

  @Test
  void paramsNestedThousandsDeepAreNamedNotFollowedInAListOrAWatchEvent() {
    TolerantSerialization serialization = new TolerantSerialization();
    String deep = "[".repeat(9_990) + "1" + "]".repeat(9_990);
    String spec =
        GOOD_SPEC.replace("{\"outFeatures\": 3}", "{\"outFeatures\": 3, \"extra\": " + deep + "}");
    String problem = "spec.nodes[0].params.extra: nested more than 64 levels deep";

    List<Architecture> listed =
        serialization.unmarshal(
            new ByteArrayInputStream(
                ("["
                        + architecture("deep", spec, "{\"phase\": \"Invalid\"}")
                        + ","
                        + architecture("plain", GOOD_SPEC, null)
                        + "]")
                    .getBytes(StandardCharsets.UTF_8)),
            new TypeReference<List<Architecture>>() {});
    assertThat(listed.get(0).getSpec()).isNull();
    assertThat(listed.get(0).getStatus().phase).as("the status stays").isEqualTo("Invalid");
    assertThat(listed.get(0).readProblem()).isEqualTo(problem);
    assertThat(listed.get(1).readProblem()).isNull();

    // a watch event's object arrives generic and is converted
    GenericKubernetesResource generic =
        serialization.unmarshal(
            architecture("deep", spec, "{\"phase\": \"Invalid\"}"),
            GenericKubernetesResource.class);
    Architecture watched = serialization.convertValue(generic, Architecture.class);
    assertThat(watched.getMetadata().getName()).isEqualTo("deep");
    assertThat(watched.getStatus().phase).as("the status stays").isEqualTo("Invalid");
    assertThat(watched.readProblem()).isEqualTo(problem);
  }

  @Test
  void aStatusThatDoesNotFitIsDroppedAndTheSpecKept() throws Exception {
    Architecture read =
        TOLERANT.readValue(
            architecture("old-status", GOOD_SPEC, "{\"parameterCount\": [1, 2]}"),
            Architecture.class);
    assertThat(read.readProblem()).isNull();
    assertThat(read.getSpec().outputs).containsExactly("fc");
    assertThat(read.getStatus()).isNull();
  }

  @Test
  void aStatusNestedPastTheLimitIsDroppedAndTheRunStaysReadable() {
    // the trainer's token may write the status: what it writes there never makes the spec
    // unreadable
    String deep = "[".repeat(1_000) + "1" + "]".repeat(1_000);
    TrainingRun run =
        new TolerantSerialization()
            .unmarshal(
                """
                {"apiVersion": "neuralforge.io/v1alpha1", "kind": "TrainingRun",
                 "metadata": {"name": "r", "namespace": "team-a"},
                 "spec": {"architectureRef": {"name": "a"}},
                 "status": {"phase": "Succeeded", "tracking": {"warning": %s}}}
                """
                    .formatted(deep),
                TrainingRun.class);
    assertThat(run.readProblem()).isNull();
    assertThat(run.getSpec().architectureRef.name).isEqualTo("a");
    assertThat(run.getStatus()).isNull();
  }

  @Test
  void messagesSayWhatTheFieldMustBeWithoutJacksonWords() {
    assertThat(problem(Architecture.class, architecture("a", "{\"nodes\": {\"id\": \"x\"}}", null)))
        .isEqualTo("spec.nodes: expected a list, got an object");
    assertThat(
            problem(
                Architecture.class,
                architecture("a", "{\"nodes\": [{\"id\": \"x\", \"params\": [1]}]}", null)))
        .isEqualTo("spec.nodes[0].params: expected an object, got a list");
    assertThat(
            problem(
                Architecture.class,
                architecture("a", "{\"inputs\": [{\"shape\": [\"wide\"]}]}", null)))
        .isEqualTo("spec.inputs[0].shape[0]: expected an integer, got \"wide\"");
    assertThat(
            problem(
                Architecture.class, architecture("a", "{\"inputs\": [{\"shape\": [2.5]}]}", null)))
        .startsWith("spec.inputs[0].shape[0]: expected an integer, got 2.5");
    String run =
        """
        {"apiVersion": "neuralforge.io/v1alpha1", "kind": "TrainingRun", "metadata": {"name": "r"},
         "spec": {"hyperparameters": {"epochs": 3000000000}}}
        """;
    assertThat(problem(TrainingRun.class, run))
        .isEqualTo(
            "spec.hyperparameters.epochs: 3000000000 is out of range [-2147483648, 2147483647]");
    String badEnum =
        """
        {"apiVersion": "neuralforge.io/v1alpha1", "kind": "TrainingRun", "metadata": {"name": "r"},
         "spec": {"hyperparameters": {"optimizer": {"type": "sgdd"}}}}
        """;
    assertThat(problem(TrainingRun.class, badEnum))
        .startsWith("spec.hyperparameters.optimizer.type: \"sgdd\" is not one of ");
  }

  private static String problem(Class<?> type, String json) {
    try {
      STRICT.readValue(json, type);
    } catch (JacksonException e) {
      String line = ReadProblem.describe(e);
      assertThat(line).doesNotContain("java.", "JsonToken", "`", "\n");
      return line;
    }
    throw new AssertionError("read without a problem: " + json);
  }
}
