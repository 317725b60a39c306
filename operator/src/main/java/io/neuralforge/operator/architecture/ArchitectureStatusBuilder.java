package io.neuralforge.operator.architecture;

import io.fabric8.kubernetes.api.model.Condition;
import io.neuralforge.api.v1alpha1.ArchitectureFigures;
import io.neuralforge.api.v1alpha1.ArchitectureStatus;
import io.neuralforge.api.v1alpha1.ConditionTypes;
import io.neuralforge.api.v1alpha1.GraphIssue;
import io.neuralforge.api.v1alpha1.NodeStatus;
import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.api.v1alpha1.Reasons;
import io.neuralforge.api.v1alpha1.TensorShape;
import io.neuralforge.graph.GraphError;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.operator.status.BoundedText;
import io.neuralforge.operator.status.Conditions;
import io.neuralforge.operator.status.HumanFigures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a validation result into an Architecture's status; pure. */
public final class ArchitectureStatusBuilder {
  /**
   * Errors listed in the status; past them one entry says how many more. A graph of 2,000 nodes can
   * have a hundred thousand errors, a status the API server would refuse.
   */
  public static final int LISTED_ERRORS = 100;

  /** Characters of a node's type in its status: catalog types are one word; its error has more. */
  private static final int TYPE_LENGTH = 63;

  private ArchitectureStatusBuilder() {}

  /**
   * @param graphHash the spec's {@code GraphHash}
   * @param generation the metadata.generation validated (null outside a cluster)
   * @param previous the status before, whose Valid condition keeps its lastTransitionTime when its
   *     status does not flip
   */
  public static ArchitectureStatus build(
      ValidationResult result,
      String graphHash,
      Long generation,
      ArchitectureStatus previous,
      Instant now) {
    ArchitectureStatus status = new ArchitectureStatus();
    status.observedGeneration = generation;
    status.phase = result.valid() ? Phases.VALID : Phases.INVALID;
    status.parameterCount = result.parameterCount();
    status.trainableParameterCount = result.parameterCount();
    status.macs = result.macs();
    status.figures = new ArchitectureFigures();
    status.figures.parameters = HumanFigures.count(result.parameterCount());
    status.figures.macs = HumanFigures.count(result.macs());
    status.graphHash = graphHash;
    status.outputs = result.outputs().stream().map(ArchitectureStatusBuilder::output).toList();
    status.nodes =
        result.nodes().stream()
            .limit(GraphValidator.MAX_NODES) // more is an error already; the list stays storable
            .map(ArchitectureStatusBuilder::node)
            .toList();
    status.errors = issues(result.errors());
    status.conditions = List.of(validCondition(result, generation, previous, now));
    return status;
  }

  /** An Architecture whose spec could not be read: Invalid, the problem as its one error. */
  public static ArchitectureStatus unreadable(
      String message, Long generation, ArchitectureStatus previous, Instant now) {
    ArchitectureStatus status = new ArchitectureStatus();
    status.observedGeneration = generation;
    status.phase = Phases.INVALID;
    status.errors = List.of(issue(new GraphError(null, null, message)));
    status.conditions =
        List.of(
            Conditions.of(
                ConditionTypes.VALID,
                false,
                Reasons.UNREADABLE,
                message,
                generation,
                previous == null ? null : previous.conditions,
                now));
    return status;
  }

  /** A one-line summary of the errors, for the condition message and events. */
  public static String summary(ValidationResult result) {
    List<GraphError> errors = result.errors();
    if (errors.isEmpty()) {
      return "graph is valid: "
          + result.parameterCount()
          + " parameters, "
          + result.macs()
          + " MACs";
    }
    String first = errors.get(0).describe();
    return errors.size() == 1 ? first : first + " (" + moreErrors(errors.size() - 1) + ")";
  }

  private static Condition validCondition(
      ValidationResult result, Long generation, ArchitectureStatus previous, Instant now) {
    return Conditions.of(
        ConditionTypes.VALID,
        result.valid(),
        result.valid() ? Reasons.GRAPH_VALID : Reasons.GRAPH_INVALID,
        summary(result),
        generation,
        previous == null ? null : previous.conditions,
        now);
  }

  private static TensorShape output(ValidationResult.OutputResult out) {
    TensorShape t = new TensorShape();
    t.name = BoundedText.cut(out.name(), BoundedText.NAME);
    t.shape = out.shape();
    return t;
  }

  private static NodeStatus node(ValidationResult.NodeResult n) {
    NodeStatus s = new NodeStatus();
    s.id = n.id();
    s.type = BoundedText.cut(n.type(), TYPE_LENGTH);
    s.outputShape = n.outputShape();
    s.parameterCount = n.parameterCount();
    s.macs = n.macs();
    return s;
  }

  /** The first {@link #LISTED_ERRORS} errors, then "and N more errors" when there are more. */
  static List<GraphIssue> issues(List<GraphError> errors) {
    List<GraphIssue> issues = new ArrayList<>();
    errors.stream().limit(LISTED_ERRORS).map(ArchitectureStatusBuilder::issue).forEach(issues::add);
    if (errors.size() > LISTED_ERRORS) {
      issues.add(issue(new GraphError(null, null, moreErrors(errors.size() - LISTED_ERRORS))));
    }
    return issues;
  }

  private static String moreErrors(int more) {
    return "and " + more + " more errors";
  }

  /** One error, each part cut to its length: a node id, key or type may be as long as written. */
  private static GraphIssue issue(GraphError e) {
    GraphIssue i = new GraphIssue();
    i.node = BoundedText.cut(e.node(), BoundedText.NAME);
    i.field = BoundedText.cut(e.field(), BoundedText.NAME);
    i.message = BoundedText.message(e.message());
    return i;
  }
}
