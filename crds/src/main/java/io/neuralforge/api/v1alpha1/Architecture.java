package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.neuralforge.api.reading.ReadProblems;

/**
 * A neural-network layer graph with PyTorch semantics. The operator validates it and writes shapes,
 * parameter and MAC counts and any errors to its status.
 */
@Group("neuralforge.io")
@Version("v1alpha1")
@Kind("Architecture")
@Plural("architectures")
@ShortNames("arch")
@Categories("neuralforge")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Parameters",
    jsonPath = ".status.figures.parameters",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "MACs",
    jsonPath = ".status.figures.macs",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Architecture extends CustomResource<ArchitectureSpec, ArchitectureStatus>
    implements Namespaced, ReadProblems {
  private static final long serialVersionUID = 1L;

  @JsonIgnore private transient String readProblem;

  @Override
  public String readProblem() {
    return readProblem;
  }

  @Override
  public void readProblem(String problem) {
    this.readProblem = problem;
  }
}
