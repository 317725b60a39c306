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
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.operator.status.Conditions;
import io.neuralforge.operator.status.HumanFigures;
import java.time.Instant;
import java.util.List;

/** Turns a validation result into an Architecture's status; pure. */
public final class ArchitectureStatusBuilder {
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
    status.nodes = result.nodes().stream().map(ArchitectureStatusBuilder::node).toList();
    status.errors = result.errors().stream().map(ArchitectureStatusBuilder::issue).toList();
    status.conditions = List.of(validCondition(result, generation, previous, now));
    return status;
  }

  /** An Architecture whose spec could not be read: Invalid, the problem as its one error. */
  public static ArchitectureStatus unreadable(
      String message, Long generation, ArchitectureStatus previous, Instant now) {
    ArchitectureStatus status = new ArchitectureStatus();
    status.observedGeneration = generation;
    status.phase = Phases.INVALID;
    GraphIssue issue = new GraphIssue();
    issue.message = message;
    status.errors = List.of(issue);
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
    return errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more errors)";
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
    t.name = out.name();
    t.shape = out.shape();
    return t;
  }

  private static NodeStatus node(ValidationResult.NodeResult n) {
    NodeStatus s = new NodeStatus();
    s.id = n.id();
    s.type = n.type();
    s.outputShape = n.outputShape();
    s.parameterCount = n.parameterCount();
    s.macs = n.macs();
    return s;
  }

  private static GraphIssue issue(GraphError e) {
    GraphIssue i = new GraphIssue();
    i.node = e.node();
    i.field = e.field();
    i.message = e.message();
    return i;
  }
}
