package io.neuralforge.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.neuralforge.api.reading.TolerantResource;

/**
 * A search over TrainingRuns: runs created from a template, a few at a time, ranked by the
 * objective each reports in status.metrics.
 */
@Group("neuralforge.io")
@Version("v1alpha1")
@Kind("TrainingSweep")
@Plural("trainingsweeps")
@ShortNames("sweep")
@Categories("neuralforge")
@ValidationRule(
    value =
        "!has(oldSelf.status) || !has(oldSelf.status.runs) || oldSelf.status.runs.created == 0"
            + " || (self.spec.template == oldSelf.spec.template"
            + " && self.spec.parameters == oldSelf.spec.parameters"
            + " && self.spec.algorithm == oldSelf.spec.algorithm"
            + " && self.spec.seed == oldSelf.spec.seed"
            + " && has(self.spec.objective) == has(oldSelf.spec.objective)"
            + " && (!has(self.spec.objective) || self.spec.objective == oldSelf.spec.objective)"
            + " && has(self.spec.earlyStopping) == has(oldSelf.spec.earlyStopping)"
            + " && (!has(self.spec.earlyStopping)"
            + " || self.spec.earlyStopping == oldSelf.spec.earlyStopping))",
    message =
        "spec is immutable once the sweep's first run exists, except maxRuns and parallelRuns:"
            + " create a new TrainingSweep instead")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Runs",
    jsonPath = ".status.figures.runs",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Stopped",
    jsonPath = ".status.runs.stopped",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Best",
    jsonPath = ".status.best.value",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Objective",
    jsonPath = ".spec.objective.metric",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class TrainingSweep extends TolerantResource<TrainingSweepSpec, TrainingSweepStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;
}
