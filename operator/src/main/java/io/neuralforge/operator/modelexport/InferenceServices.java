package io.neuralforge.operator.modelexport;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.neuralforge.api.v1alpha1.ModelExport;
import java.util.Map;

/**
 * The KServe InferenceService (serving.kserve.io/v1beta1) that serves an export from its model
 * repository with the Triton runtime over the v2 protocol. Pure; {@code neuralforge render} prints
 * it, the operator does not create it (serving is the user's choice of platform).
 */
public final class InferenceServices {
  private InferenceServices() {}

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
                    "kserve-tritonserver",
                    "storageUri",
                    repositoryUri))));
    return service;
  }
}
