package io.neuralforge.operator.testing;

import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * A PersistentVolumeClaim bound to a volume of its own (the control plane has no provisioner): the
 * PV controller binds them, so pods that mount the claim schedule as on a real cluster.
 */
public final class Claims {
  private Claims() {}

  public static void create(KubernetesClient client, String namespace, String claim) {
    String volume = namespace + "-" + claim;
    client
        .persistentVolumes()
        .resource(
            new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(volume)
                .addToLabels("neuralforge.io/test", "true")
                .endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", new Quantity("1Gi")))
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName("manual")
                .withPersistentVolumeReclaimPolicy("Retain")
                .withNewHostPath()
                .withPath("/srv/" + volume)
                .endHostPath()
                .withNewClaimRef()
                .withNamespace(namespace)
                .withName(claim)
                .endClaimRef()
                .endSpec()
                .build())
        .create();
    client
        .persistentVolumeClaims()
        .inNamespace(namespace)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(claim)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName("manual")
                .withVolumeName(volume)
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
  }
}
