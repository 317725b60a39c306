package io.neuralforge.operator.trainingrun.objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.operator.workload.WorkloadNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of the spec a run started with, kept on its Job (an annotation the operator sets, one
 * short hash per field that may not change once the run started), so that a started run's spec
 * stays immutable even when the CRD's rule, which reads status.startTime, was fooled by a status
 * the tenant rewrote. Pure.
 */
public final class StartedSpec {
  public static final String ANNOTATION = "neuralforge.io/spec-digest";

  /**
   * What may not change after the start: all but runPolicy.suspend, runPolicy.stop and tracking.
   */
  private static final List<String> FIXED =
      List.of(
          "architectureRef",
          "dataset",
          "hyperparameters",
          "resources",
          "output",
          "pod",
          "runPolicy");

  private static final List<String> MUTABLE_POLICY = List.of("suspend", "stop");

  // absent and null fields count the same, so a new optional field changes no digest
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private StartedSpec() {}

  /** The annotation's value: "field=hash" per fixed field, comma-separated. */
  public static String digest(TrainingRun run) {
    StringBuilder line = new StringBuilder();
    hashes(run)
        .forEach(
            (field, hash) ->
                line.append(line.isEmpty() ? "" : ",").append(field).append('=').append(hash));
    return line.toString();
  }

  /**
   * The fixed fields (as spec.field) in which the run's spec differs from the one its Job started
   * with; none when the Job carries no record (made by an earlier operator).
   */
  public static List<String> changed(TrainingRun run, Job job) {
    var annotations = job.getMetadata().getAnnotations();
    String recorded = annotations == null ? null : annotations.get(ANNOTATION);
    if (recorded == null) {
      return List.of();
    }
    Map<String, String> then = new LinkedHashMap<>();
    for (String pair : recorded.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        then.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    List<String> changed = new ArrayList<>();
    hashes(run)
        .forEach(
            (field, hash) -> {
              if (!hash.equals(then.get(field))) {
                changed.add("spec." + field);
              }
            });
    return changed;
  }

  private static Map<String, String> hashes(TrainingRun run) {
    ObjectNode spec = JSON.valueToTree(run.getSpec());
    if (spec.get("runPolicy") instanceof ObjectNode policy) {
      policy.remove(MUTABLE_POLICY); // left empty, it hashes as an absent one
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    for (String field : FIXED) {
      JsonNode value = spec.get(field);
      String text =
          value == null || value.isNull() || (value.isContainerNode() && value.isEmpty())
              ? ""
              : value.toString();
      hashes.put(field, WorkloadNames.sha256(text).substring(0, 12));
    }
    return hashes;
  }
}
