package io.neuralforge.operator.modelexport;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.neuralforge.api.v1alpha1.ModelExport;
import java.util.Map;

/**
 * The KServe InferenceService (serving.kserve.io/v1beta1) that serves an export from its model
 * repository over the v2 protocol, with the runtime spec.serving.runtime names (Triton's by
 * default). Pure; {@code neuralforge render} prints it, the operator does not create it (serving is
 * the user's choice of platform).
 */
public final class InferenceServices {
  /** KServe's own ONNX runtime, where spec.serving.runtime names none. */
  public static final String DEFAULT_RUNTIME = "kserve-tritonserver";

  private InferenceServices() {}

  /** The serving runtime the export asks for: spec.serving.runtime, else Triton. */
  public static String runtime(ModelExport export) {
    var serving = export.getSpec().serving;
    return serving != null && serving.runtime != null ? serving.runtime : DEFAULT_RUNTIME;
  }

  public static GenericKubernetesResource of(ModelExport export, String repositoryUri) {
    GenericKubernetesResource service = new GenericKubernetesResource();
    service.setApiVersion("serving.kserve.io/v1beta1");
    service.setKind("InferenceService");
    service.setMetadata(
        new ObjectMetaBuilder()
            .withName(ExportObjects.modelName(export))
            .withNamespace(export.getMetadata().getNamespace())
            .build());
    service.setAdditionalProperty(
        "spec",
        Map.of(
            "predictor",
            Map.of(
                "model",
                Map.of(
                    "modelFormat",
                    Map.of("name", "onnx", "version", "1"),
                    "protocolVersion",
                    "v2",
                    "runtime",
                    runtime(export),
                    "storageUri",
                    repositoryUri))));
    return service;
  }
}
