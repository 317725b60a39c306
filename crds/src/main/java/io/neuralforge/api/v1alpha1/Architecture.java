package io.neuralforge.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.neuralforge.api.reading.TolerantResource;

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
public class Architecture extends TolerantResource<ArchitectureSpec, ArchitectureStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;
}
