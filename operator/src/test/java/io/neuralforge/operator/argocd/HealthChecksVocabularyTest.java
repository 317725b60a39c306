package io.neuralforge.operator.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.neuralforge.api.v1alpha1.ConditionTypes;
import io.neuralforge.api.v1alpha1.Kinds;
import io.neuralforge.api.v1alpha1.Phases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Argo CD health checks (Lua, run by hack/argocd-health-test.sh) speak the API's vocabulary:
 * every phase a check branches on is one the operator writes for its kind, and its test cases use
 * only those phases and condition types, covering every branch.
 */
class HealthChecksVocabularyTest {
  private static final Path CHECKS =
      Path.of("../examples/argocd/resource_customizations/neuralforge.io");
  private static final Map<String, List<String>> PHASES =
      Map.of(
          "Architecture", List.of(Phases.VALID, Phases.INVALID),
          "TrainingRun",
              List.of(
                  Phases.PENDING,
                  Phases.RUNNING,
                  Phases.SUCCEEDED,
                  Phases.FAILED,
                  Phases.SUSPENDED),
          "ModelExport", List.of(Phases.PENDING, Phases.RUNNING, Phases.SUCCEEDED, Phases.FAILED),
          "TrainingSweep",
              List.of(Phases.PENDING, Phases.RUNNING, Phases.SUCCEEDED, Phases.FAILED));
  private static final Pattern BRANCH = Pattern.compile("phase == \"([A-Za-z]+)\"");
  private static final Set<String> CONDITION_TYPES =
      Set.of(
          ConditionTypes.VALID,
          ConditionTypes.ARCHITECTURE_READY,
          ConditionTypes.SCHEDULED,
          ConditionTypes.RUNNING,
          ConditionTypes.SUCCEEDED,
          ConditionTypes.FAILED,
          ConditionTypes.SUSPENDED);

  /** A health check and its cases for every kind: a new kind is covered the day it lands. */
  @Test
  void everyKindHasAHealthCheck() {
    assertThat(PHASES.keySet())
        .containsExactlyInAnyOrderElementsOf(Kinds.ALL.stream().map(HasMetadata::getKind).toList());
  }

  @Test
  void eachCheckAndItsCasesUseThePhasesAndConditionTypesTheOperatorWrites() throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    for (var kind : PHASES.entrySet()) {
      Path dir = CHECKS.resolve(kind.getKey());
      String lua = Files.readString(dir.resolve("health.lua"));
      Set<String> casePhases = new HashSet<>();
      try (Stream<Path> cases = Files.list(dir.resolve("testdata"))) {
        for (Path c : cases.toList()) {
          JsonNode status = yaml.readTree(c.toFile()).path("status");
          if (status.has("phase")) {
            casePhases.add(status.path("phase").asText());
          }
          status
              .path("conditions")
              .forEach(
                  cond ->
                      assertThat(CONDITION_TYPES)
                          .as(c.toString())
                          .contains(cond.path("type").asText()));
        }
      }
      Set<String> branches = new HashSet<>();
      Matcher m = BRANCH.matcher(lua);
      while (m.find()) {
        branches.add(m.group(1));
      }
      assertThat(branches).as(kind.getKey() + " health.lua").isNotEmpty();
      assertThat(branches).as(kind.getKey() + " health.lua").isSubsetOf(kind.getValue());
      assertThat(casePhases).as(kind.getKey() + " test cases").isSubsetOf(kind.getValue());
      assertThat(casePhases).as(kind.getKey() + " test cases").containsAll(branches);
    }
  }
}
