package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * What the operator and the exporter observed. The exporter writes artifact and validation; the
 * operator everything else.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelExportStatus {

  /** The metadata.generation this status describes. */
  public Long observedGeneration;

  /** Pending, Running, Succeeded or Failed. */
  public String phase;

  /** Running, Succeeded and Failed, each with a reason and observedGeneration. */
  public List<Condition> conditions;

  /** When the export Job was created. */
  public String startTime;

  /** When the export Succeeded or Failed. */
  public String completionTime;

  /** The export Job. */
  public String jobName;

  /** The exported file. */
  public ExportArtifact artifact;

  /** The comparison of the file with the trained model. */
  public ExportValidationStatus validation;

  /** How to serve the export (KServe's ONNX runtime), written by the exporter with the file. */
  public ServingStatus serving;

  /** The validation's largest difference and the file's size as people write them. */
  public ExportFigures figures;
}
