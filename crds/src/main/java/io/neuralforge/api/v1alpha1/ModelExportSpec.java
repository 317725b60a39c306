package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Which run to export, how, and how closely the export must match the trained model. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "spec is immutable: create a new ModelExport")
public class ModelExportSpec {

  /** The TrainingRun to export, in the same namespace. It must have Succeeded. */
  @Required public LocalReference trainingRunRef;

  /** The file format; onnx. */
  @Default("onnx")
  public ExportFormat format;

  /** The ONNX opset; 17. */
  @Min(17)
  @Max(17)
  public Integer opset;

  /** fp32, or fp16 weights (about half the file; the arithmetic stays fp32). */
  @Default("fp32")
  public Precision precision;

  /** How many samples of the run's validation data to compare on, and how closely. */
  public ExportValidationSpec validation;

  /** How the export is laid out for a model server; the model's name defaults to the export's. */
  public ServingSpec serving;

  /** Where the validated model is registered as a new version (MLflow's Model Registry). */
  public RegistrySpec registry;

  /** Settings passed through to the export pod (priority, pull secrets, placement extras). */
  public PodOverrides pod;
}
