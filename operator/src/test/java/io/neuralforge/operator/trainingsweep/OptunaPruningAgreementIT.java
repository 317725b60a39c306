package io.neuralforge.operator.trainingsweep;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuralforge.api.v1alpha1.ObjectiveGoal;
import io.neuralforge.testsupport.HackPython;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Optuna 5.0 judges the early-stopping rules: seeded random sweeps (learning curves of many shapes,
 * runs reporting side by side and finishing at different times, some epochs not judged) are
 * replayed in real Optuna studies with the pruner each rule stands for (hack/py/optuna_pruning.py,
 * in hack/python-env.sh's optuna venv), and here with {@link MedianRule} and {@link AshaRule},
 * keeping the finished runs and the rung records as the operator keeps them. Every should_prune
 * decision must be ours. {@code -Dneuralforge.pruningScenarios=N -Dneuralforge.pruningSeed=S} widen
 * the search.
 */
class OptunaPruningAgreementIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SCENARIOS = Integer.getInteger("neuralforge.pruningScenarios", 4000);
  private static final long SEED = Long.getLong("neuralforge.pruningSeed", 20261201L);
  private static final int SHOWN = 5;

  /** One sweep to replay: the rule and its settings, the trials' curves, the order of reports. */
  record Scenario(
      int id,
      String rule,
      ObjectiveGoal goal,
      int minEpochs,
      int minFinishedRuns,
      int reductionFactor,
      double[][] curves,
      List<Event> events) {

    /** As hack/py/optuna_pruning.py reads it (NaN as null). */
    Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("id", id);
      json.put("rule", rule);
      json.put("goal", goal.name());
      json.put("minEpochs", minEpochs);
      json.put("minFinishedRuns", minFinishedRuns);
      json.put("reductionFactor", reductionFactor);
      json.put(
          "curves",
          Arrays.stream(curves)
              .map(c -> Arrays.stream(c).mapToObj(v -> Double.isNaN(v) ? null : v).toList())
              .toList());
      json.put("events", events.stream().map(e -> List.of(e.trial(), e.judge())).toList());
      return json;
    }
  }

  /** A trial reports its next epoch; the pruner is asked when {@code judge}. */
  record Event(int trial, boolean judge) {}

  /** Our replay: each decision, and what the rule said. */
  record Replay(List<Boolean> decisions, List<String> judged, int severalRungs) {}

  @Test
  void theRulesDecideAsOptunasPruners() throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    List<Scenario> scenarios = new ArrayList<>();
    for (int i = 0; i < SCENARIOS; i++) {
      scenarios.add(PruningScenarios.next(i, i % 2 == 0 ? "median" : "asha", random));
    }
    Map<Integer, List<Boolean>> optuna = judgedByOptuna(scenarios);

    Map<String, int[]> counts = new LinkedHashMap<>(); // rule: scenarios, decisions, stops
    List<String> disagreements = new ArrayList<>();
    int severalRungs = 0;
    for (Scenario s : scenarios) {
      Replay ours = replay(s);
      List<Boolean> theirs = optuna.get(s.id());
      assertThat(theirs).as("Optuna's decisions in scenario %d", s.id()).isNotNull();
      String problem = disagreement(ours, theirs);
      if (problem != null) {
        disagreements.add(
            "scenario " + s.id() + ": " + problem + "\n  " + JSON.writeValueAsString(s.json()));
      }
      int[] c = counts.computeIfAbsent(s.rule(), r -> new int[3]);
      c[0]++;
      c[1] += ours.decisions().size();
      c[2] += (int) ours.decisions().stream().filter(d -> d).count();
      severalRungs += ours.severalRungs();
    }

    StringBuilder summary = new StringBuilder();
    counts.forEach(
        (rule, c) ->
            summary.append(
                String.format(
                    "%s: %d scenarios, %d decisions, %d stops; ", rule, c[0], c[1], c[2])));
    System.out.printf(
        "Optuna judged the early-stopping rules (seed %d): %s%d asha judgements past several"
            + " rungs; %d disagreements%n",
        SEED, summary, severalRungs, disagreements.size());
    assertThat(disagreements.subList(0, Math.min(SHOWN, disagreements.size())))
        .as("the first of %d scenarios where Optuna and the rules disagree", disagreements.size())
        .isEmpty();
    counts.forEach(
        (rule, c) ->
            assertThat(c[2]).as("%s stops (so stopping is judged too)", rule).isPositive());
    assertThat(severalRungs).as("asha judgements that pass several rungs at once").isPositive();
  }

  /**
   * Replays a scenario as the operator would: a judged run sees its curve up to its latest epoch,
   * the curves of the runs that finished (median) or every other run's rung records (asha); a
   * stopped run reports no more; a run that reaches its last epoch unstopped has finished.
   */
  static Replay replay(Scenario s) {
    int trials = s.curves().length;
    int[] reported = new int[trials];
    boolean[] stopped = new boolean[trials];
    List<Curve> finished = new ArrayList<>();
    List<List<Double>> rungs = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      rungs.add(List.of());
    }
    boolean isMedian = s.rule().equals("median");
    MedianRule median =
        isMedian ? new MedianRule("objective", s.goal(), s.minEpochs(), s.minFinishedRuns()) : null;
    AshaRule asha =
        isMedian ? null : new AshaRule("objective", s.goal(), s.minEpochs(), s.reductionFactor());
    List<Boolean> decisions = new ArrayList<>();
    List<String> judged = new ArrayList<>();
    int severalRungs = 0;
    for (Event e : s.events()) {
      int t = e.trial();
      if (stopped[t]) {
        continue;
      }
      int epoch = ++reported[t];
      Curve full = Curve.of(s.curves()[t]);
      if (e.judge()) {
        Curve sofar = full.upTo(epoch);
        Verdict verdict;
        if (isMedian) {
          verdict = median.judge(sofar, List.copyOf(finished));
        } else {
          List<List<Double>> others = new ArrayList<>(rungs);
          others.remove(t);
          verdict = asha.judge(sofar, rungs.get(t), others);
          severalRungs += verdict.rungs().size() - rungs.get(t).size() > 1 ? 1 : 0;
          rungs.set(t, verdict.rungs());
        }
        decisions.add(verdict.stop());
        judged.add("trial " + t + " at epoch " + epoch + ": " + verdict.message());
        if (verdict.stop()) {
          stopped[t] = true;
          continue;
        }
      }
      if (epoch == full.latestEpoch()) {
        finished.add(full);
      }
    }
    return new Replay(decisions, judged, severalRungs);
  }

  /** Null when both decided alike; otherwise the first decision that differs. */
  private static String disagreement(Replay ours, List<Boolean> theirs) {
    List<Boolean> decisions = ours.decisions();
    for (int i = 0; i < Math.min(decisions.size(), theirs.size()); i++) {
      if (!decisions.get(i).equals(theirs.get(i))) {
        return String.format(
            "decision %d, %s: Optuna %s, the rule %s",
            i,
            ours.judged().get(i),
            theirs.get(i) ? "prunes" : "keeps",
            decisions.get(i) ? "stops" : "keeps");
      }
    }
    return decisions.size() == theirs.size()
        ? null
        : "Optuna made " + theirs.size() + " decisions, the rule " + decisions.size();
  }

  /** Runs hack/py/optuna_pruning.py over all scenarios in one Python process; by scenario id. */
  private static Map<Integer, List<Boolean>> judgedByOptuna(List<Scenario> scenarios)
      throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("optuna-pruning");
    Path in = work.resolve("scenarios.json");
    Path out = work.resolve("decisions.jsonl");
    JSON.writeValue(
        in.toFile(), Map.of("scenarios", scenarios.stream().map(Scenario::json).toList()));
    String python = HackPython.python(work.resolve("env.log"), "optuna");
    HackPython.run(
        work.resolve("optuna.log"),
        python,
        "hack/py/optuna_pruning.py",
        in.toString(),
        out.toString());
    Map<Integer, List<Boolean>> decisions = new HashMap<>();
    for (String line : Files.readAllLines(out)) {
      JsonNode node = JSON.readTree(line);
      List<Boolean> list = new ArrayList<>();
      node.get("decisions").forEach(d -> list.add(d.asBoolean()));
      decisions.put(node.get("id").asInt(), list);
    }
    return decisions;
  }
}
