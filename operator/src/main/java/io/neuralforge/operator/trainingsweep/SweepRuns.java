package io.neuralforge.operator.trainingsweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.neuralforge.api.reading.ReadProblem;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.SweepParameter;
import io.neuralforge.api.v1alpha1.SweepPaths;
import io.neuralforge.api.v1alpha1.TrainingRun;
import io.neuralforge.api.v1alpha1.TrainingRunSpec;
import io.neuralforge.api.v1alpha1.TrainingSweep;
import io.neuralforge.operator.workload.Owners;
import io.neuralforge.operator.workload.WorkloadNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TrainingRun a sweep makes for one index: the template with that index's parameters set, named
 * {@code <sweep>-<index>}, labelled with the sweep, the index and the sweep's Kueue queue, owned by
 * the sweep. Pure.
 */
public final class SweepRuns {
  public static final String COMPONENT = "sweep-run";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SweepRuns() {}

  public static String name(TrainingSweep sweep, int index) {
    return sweep.getMetadata().getName() + "-" + index;
  }

  /**
   * Why the sweep's runs cannot be named, or null: a run's name is a label value on its Job and
   * pods ({@link Labels#TRAINING_RUN}), so {@code <sweep>-<index>} of the plan's last run must fit
   * one.
   */
  public static String nameProblem(TrainingSweep sweep, int planned) {
    String longest = name(sweep, Math.max(0, planned - 1));
    if (longest.length() <= WorkloadNames.MAX) {
      return null;
    }
    int room = WorkloadNames.MAX - (longest.length() - sweep.getMetadata().getName().length());
    return "run "
        + longest
        + " would have "
        + longest.length()
        + " characters, and a TrainingRun's name is a label value of at most "
        + WorkloadNames.MAX
        + ": name the sweep with at most "
        + room
        + " characters";
  }

  /** Whether the sweep created the run: its owner reference carries the sweep's uid. */
  public static boolean ownedBy(TrainingRun run, TrainingSweep sweep) {
    String uid = sweep.getMetadata().getUid();
    return uid != null
        && run.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()));
  }

  /** Who holds a run of the name the sweep wants. */
  public enum Holder {
    /** The sweep created it. */
    THIS_SWEEP,
    /**
     * A run on its way out: being deleted, or made by an earlier sweep of this name (deleted, its
     * runs collected next). Its deletion brings the sweep's next reconcile.
     */
    LEAVING,
    /** Anyone else: the sweep never counts it as its own. */
    SOMEONE_ELSE
  }

  public static Holder holder(TrainingRun run, TrainingSweep sweep) {
    if (ownedBy(run, sweep)) {
      return Holder.THIS_SWEEP;
    }
    boolean earlierSweep =
        run.getMetadata().getOwnerReferences().stream()
            .anyMatch(
                o ->
                    sweep.getKind().equals(o.getKind())
                        && sweep.getMetadata().getName().equals(o.getName()));
    return run.getMetadata().getDeletionTimestamp() != null || earlierSweep
        ? Holder.LEAVING
        : Holder.SOMEONE_ELSE;
  }

  /** The run's index, from its label; empty for a run the sweep did not label. */
  public static Optional<Integer> index(TrainingRun run) {
    Map<String, String> labels = run.getMetadata().getLabels();
    String value = labels == null ? null : labels.get(Labels.SWEEP_INDEX);
    try {
      return value == null ? Optional.empty() : Optional.of(Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The runs a new sweep starts with: its first {@code parallelRuns} (what {@code neuralforge
   * render} prints).
   */
  public static List<TrainingRun> firstRuns(TrainingSweep sweep) {
    SweepPlan plan = SweepPlan.of(sweep.getSpec());
    int parallel = parallelRuns(sweep);
    List<TrainingRun> runs = new java.util.ArrayList<>();
    for (int i = 0; i < Math.min(parallel, plan.runs()); i++) {
      runs.add(build(sweep, i, plan.assignment(i)));
    }
    return runs;
  }

  /** How many of the sweep's runs may be unfinished at once (default 1). */
  public static int parallelRuns(TrainingSweep sweep) {
    Integer parallel = sweep.getSpec().parallelRuns;
    return parallel == null ? 1 : parallel;
  }

  /**
   * @throws InvalidParameterException when a value does not fit the field at its path
   */
  public static TrainingRun build(TrainingSweep sweep, int index, Map<String, JsonNode> values) {
    Map<String, String> labels = WorkloadNames.labels(COMPONENT);
    labels.put(Labels.SWEEP, sweep.getMetadata().getName());
    labels.put(Labels.SWEEP_INDEX, Integer.toString(index));
    String queue = queueName(sweep);
    if (queue != null) {
      labels.put(Labels.KUEUE_QUEUE, queue); // the run's Job then waits in Kueue, as the sweep
    }
    TrainingRun run = new TrainingRun();
    run.setMetadata(
        new ObjectMetaBuilder()
            .withName(name(sweep, index))
            .withNamespace(sweep.getMetadata().getNamespace())
            .withLabels(labels)
            .withOwnerReferences(Owners.ownedBy(sweep))
            .build());
    if (sweep.getSpec().earlyStopping != null) {
      // its trainer waits for the sweep's judgement of each epoch from this one on
      run.getMetadata()
          .setAnnotations(
              new java.util.HashMap<>(
                  Map.of(
                      Labels.SWEEP_JUDGED_FROM,
                      Integer.toString(sweep.getSpec().earlyStopping.minEpochsOrDefault()))));
    }
    run.setSpec(spec(sweep.getSpec().template, values));
    return run;
  }

  /**
   * The value of each swept path as the run's spec holds it (null where it holds none): what a tpe
   * search learns from, since it cannot re-derive a run's values from its index.
   */
  public static Map<String, JsonNode> recorded(TrainingRun run, List<SweepParameter> parameters) {
    JsonNode spec = JSON.valueToTree(run.getSpec());
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (SweepParameter p : parameters) {
      JsonNode node = spec;
      for (String part : p.path.split("\\.")) {
        node = node == null ? null : node.get(part);
      }
      values.put(p.path, node == null ? NullNode.getInstance() : node);
    }
    return values;
  }

  /** The Kueue queue the sweep was labelled with, or null: each of its runs waits there. */
  static String queueName(TrainingSweep sweep) {
    Map<String, String> labels = sweep.getMetadata().getLabels();
    return labels == null ? null : labels.get(Labels.KUEUE_QUEUE);
  }

  /** The template with each path set to its value. */
  static TrainingRunSpec spec(TrainingRunSpec template, Map<String, JsonNode> values) {
    ObjectNode tree = JSON.valueToTree(template);
    values.forEach((path, value) -> set(tree, path, value));
    try {
      return JSON.treeToValue(tree, TrainingRunSpec.class);
    } catch (JsonProcessingException e) {
      String where = ReadProblem.describe(e);
      String path =
          values.keySet().stream()
              .filter(p -> where.startsWith(p + ":"))
              .findFirst()
              .orElse(values.keySet().iterator().next());
      throw new InvalidParameterException(
          path, where.startsWith(path + ":") ? where : path + ": " + where);
    }
  }

  private static void set(ObjectNode tree, String path, JsonNode value) {
    SweepPaths.Kind kind = SweepPaths.kindOf(path);
    if (kind == null) {
      throw new InvalidParameterException(path, path + ": not a field a sweep can vary");
    }
    if (kind == SweepPaths.Kind.INTEGER && value.isNumber() && !value.canConvertToExactIntegral()) {
      throw new InvalidParameterException(path, path + ": " + value + " is not an integer");
    }
    String[] parts = path.split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
    }
    node.set(parts[parts.length - 1], value);
  }

  /** A parameter value the template's field cannot take. */
  public static class InvalidParameterException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String path;

    public InvalidParameterException(String path, String message) {
      super(message);
      this.path = path;
    }

    public String path() {
      return path;
    }
  }
}
