package io.neuralforge.trainer.export;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The parts of a ModelExport's spec the exporter reads (docs/crd-reference.md); absent fields take
 * the defaults: onnx, opset 17, fp32, 100 samples, tolerance 1e-4 (fp32) or 1e-2 (fp16, whose
 * weights keep about three significant digits).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExportSpec(
    String format, Integer opset, String precision, Validation validation, Serving serving) {

  public static final double FP32_TOLERANCE = 1e-4;
  public static final double FP16_TOLERANCE = 1e-2;

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Validation(Integer samples, Double tolerance) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Serving(String modelName, String runtime) {}

  /** The model's name in its repository and registry: spec.serving.modelName, else the export's. */
  public String modelName(String exportName) {
    return serving == null || serving.modelName() == null ? exportName : serving.modelName();
  }

  /** The KServe serving runtime status.serving names: spec.serving.runtime, else Triton's. */
  public String runtime() {
    return serving == null || serving.runtime() == null ? ServingLayout.RUNTIME : serving.runtime();
  }

  public boolean fp16() {
    return "fp16".equals(precision);
  }

  public int samples() {
    return validation == null || validation.samples() == null ? 100 : validation.samples();
  }

  public double tolerance() {
    if (validation != null && validation.tolerance() != null) {
      return validation.tolerance();
    }
    return fp16() ? FP16_TOLERANCE : FP32_TOLERANCE;
  }

  /** The one-line reason this exporter cannot honour the spec, or null. */
  public String problem() {
    if (format != null && !format.equals("onnx")) {
      return "spec.format must be onnx, got " + format;
    }
    if (opset != null && opset != OnnxExporter.OPSET) {
      return "spec.opset must be " + OnnxExporter.OPSET + ", got " + opset;
    }
    if (precision != null && !precision.equals("fp32") && !precision.equals("fp16")) {
      return "spec.precision must be fp32 or fp16, got " + precision;
    }
    if (samples() < 1) {
      return "spec.validation.samples must be at least 1, got " + samples();
    }
    if (!(tolerance() > 0)) {
      return "spec.validation.tolerance must be positive, got " + tolerance();
    }
    return null;
  }
}
