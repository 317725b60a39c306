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
 * Trains an Architecture on a dataset: the operator snapshots the graph, runs a trainer Job on the
 * requested GPU nodes and writes progress, metrics, artifacts and reproducibility data to status.
 */
@Group("neuralforge.io")
@Version("v1alpha1")
@Kind("TrainingRun")
@Plural("trainingruns")
@ShortNames("tr")
@Categories("neuralforge")
// Compares field by field with has(): optional-chained (?.) comparisons are costed as unbounded
// by the API server's CEL estimator, which then rejects the CRD.
@ValidationRule(
    value =
        "!has(oldSelf.status) || !has(oldSelf.status.startTime)"
            + " || (self.spec.architectureRef == oldSelf.spec.architectureRef"
            + " && self.spec.dataset == oldSelf.spec.dataset"
            + " && has(self.spec.hyperparameters) == has(oldSelf.spec.hyperparameters)"
            + " && (!has(self.spec.hyperparameters) || self.spec.hyperparameters == oldSelf.spec.hyperparameters)"
            + " && has(self.spec.resources) == has(oldSelf.spec.resources)"
            + " && (!has(self.spec.resources) || self.spec.resources == oldSelf.spec.resources)"
            + " && has(self.spec.output) == has(oldSelf.spec.output)"
            + " && (!has(self.spec.output) || self.spec.output == oldSelf.spec.output)"
            + " && has(self.spec.pod) == has(oldSelf.spec.pod)"
            + " && (!has(self.spec.pod) || self.spec.pod == oldSelf.spec.pod)"
            + " && (has(self.spec.runPolicy) && has(self.spec.runPolicy.backoffLimit))"
            + " == (has(oldSelf.spec.runPolicy) && has(oldSelf.spec.runPolicy.backoffLimit))"
            + " && (!has(self.spec.runPolicy) || !has(self.spec.runPolicy.backoffLimit)"
            + " || self.spec.runPolicy.backoffLimit == oldSelf.spec.runPolicy.backoffLimit)"
            + " && (has(self.spec.runPolicy) && has(self.spec.runPolicy.activeDeadlineSeconds))"
            + " == (has(oldSelf.spec.runPolicy) && has(oldSelf.spec.runPolicy.activeDeadlineSeconds))"
            + " && (!has(self.spec.runPolicy) || !has(self.spec.runPolicy.activeDeadlineSeconds)"
            + " || self.spec.runPolicy.activeDeadlineSeconds == oldSelf.spec.runPolicy.activeDeadlineSeconds)"
            + " && (has(self.spec.runPolicy) && has(self.spec.runPolicy.ttlSecondsAfterFinished))"
            + " == (has(oldSelf.spec.runPolicy) && has(oldSelf.spec.runPolicy.ttlSecondsAfterFinished))"
            + " && (!has(self.spec.runPolicy) || !has(self.spec.runPolicy.ttlSecondsAfterFinished)"
            + " || self.spec.runPolicy.ttlSecondsAfterFinished == oldSelf.spec.runPolicy.ttlSecondsAfterFinished)"
            + " && (has(self.spec.runPolicy) && has(self.spec.runPolicy.pendingDeadlineSeconds))"
            + " == (has(oldSelf.spec.runPolicy) && has(oldSelf.spec.runPolicy.pendingDeadlineSeconds))"
            + " && (!has(self.spec.runPolicy) || !has(self.spec.runPolicy.pendingDeadlineSeconds)"
            + " || self.spec.runPolicy.pendingDeadlineSeconds == oldSelf.spec.runPolicy.pendingDeadlineSeconds)"
            + ")",
    message =
        "spec is immutable once the run has started (status.startTime is set);"
            + " only spec.runPolicy.suspend and spec.runPolicy.stop may change: create a new"
            + " TrainingRun instead")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "GPU",
    jsonPath = ".status.gpu",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Epoch",
    jsonPath = ".status.progress.epoch",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Val-Acc",
    jsonPath = ".status.metrics.validationAccuracy",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class TrainingRun extends TolerantResource<TrainingRunSpec, TrainingRunStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;
}
