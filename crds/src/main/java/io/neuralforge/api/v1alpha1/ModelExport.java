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
 * Exports a succeeded TrainingRun's model to ONNX and checks with ONNX Runtime, on samples of the
 * run's validation data, that the file computes what the trained model computes.
 */
@Group("neuralforge.io")
@Version("v1alpha1")
@Kind("ModelExport")
@Plural("modelexports")
@ShortNames("mexp")
@Categories("neuralforge")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Precision",
    jsonPath = ".spec.precision",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Max-Diff",
    jsonPath = ".status.figures.maxAbsDiff",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Size",
    jsonPath = ".status.figures.size",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ModelExport extends TolerantResource<ModelExportSpec, ModelExportStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;
}
