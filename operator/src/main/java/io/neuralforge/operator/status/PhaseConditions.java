package io.neuralforge.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.neuralforge.api.v1alpha1.ConditionTypes;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One condition per phase a resource can be in, the same way for every kind: the condition of the
 * phase it is in holds, with the verdict's reason and message; the others are False, reason
 * Not&lt;Type&gt;, saying which phase it is in, except Running while Pending, which says what the
 * resource waits for (what {@code kubectl wait --for=condition=Running} users read).
 */
public final class PhaseConditions {
  private PhaseConditions() {}

  /**
   * @param types the phase conditions of the kind, e.g. Running, Succeeded, Failed
   * @param noun how messages name the resource: "the run", "the export"
   */
  public static List<Condition> of(
      List<String> types,
      Verdict verdict,
      String noun,
      Long generation,
      List<Condition> previous,
      Instant now) {
    List<Condition> conditions = new ArrayList<>();
    for (String type : types) {
      boolean holds = type.equals(verdict.phase());
      boolean says =
          holds || (ConditionTypes.RUNNING.equals(type) && Phases.PENDING.equals(verdict.phase()));
      conditions.add(
          Conditions.of(
              type,
              holds,
              says ? verdict.reason() : Reasons.notIn(type),
              says ? verdict.message() : noun + " is " + verdict.phase(),
              generation,
              previous,
              now));
    }
    return conditions;
  }
}
